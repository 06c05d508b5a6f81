import { afterEach, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { INVITATION_REASON_MAX_LENGTH, NOTIFICATION_MESSAGE_MAX_LENGTH } from '../../src/core/index.ts';
import { fitLine, safeText, wrapLines } from '../../src/tui/safe-text.ts';
import { pad } from '../../src/tui/format.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';
import type { Clipboard } from '../../src/tui/clipboard.ts';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'reader@example.com';
const END = '\x1b[F';
const HOME = '\x1b[H';

/** Every line of the frame fits the terminal, and every panel line ends on its border. */
function expectInside(frame: string, columns: number) {
  for (const line of frame.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
}

describe('safe text', () => {
  it('expands tabs to the next tab stop, in cells', () => {
    expect(safeText('a\tb')).toBe('a       b');
    expect(safeText('表\tb')).toBe('表      b');
  });

  it('drops escape sequences, control and bidi-override characters, keeping line breaks', () => {
    expect(safeText('red\x1b[31m!\x1b]8;;http://x\x07link\x1b]8;;\x07\r\nnext\u202eevil\x00')).toBe('red!link\nnextevil');
  });

  it('wraps in cells: no line starts with a space, wide characters never run past the edge, a long URL is broken', () => {
    const lines = wrapLines('one two three four five six', 9);
    expect(lines).toEqual(['one two', 'three', 'four five', 'six']);
    for (const line of wrapLines('表表表表表 🙂🙂🙂 abc', 6)) expect(stringWidth(line)).toBeLessThanOrEqual(6);
    const url = `https://example.com/${'x'.repeat(50)}`;
    const pieces = wrapLines(url, 20);
    expect(pieces.join('')).toBe(url);
    for (const piece of pieces) expect(stringWidth(piece)).toBeLessThanOrEqual(20);
  });

  it('fits a column in cells: pad and fitLine count a wide character as two', () => {
    expect(stringWidth(pad('表表表表表表', 8))).toBe(8);
    expect(stringWidth(pad('a\tb\nc', 12))).toBe(12);
    expect(fitLine('🙂🙂🙂🙂', 5)).toBe('🙂🙂…');
  });
});

describe('text that does not fit', () => {
  it('scrolls a 2,000-character notification with a long link: the header stays, the end and the whole link can be reached, and c copies it', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    const words = 'The storage backend moves to a new cluster; jobs keep running.\t';
    const message = `${words.repeat(40)}THE END.`.slice(-NOTIFICATION_MESSAGE_MAX_LENGTH);
    const link = `https://status.keboola.com/incidents/${'a1b2c3'.repeat(44)}`.slice(0, 300);
    await core.notifications.publish({ kind: 'migration', title: 'A long migration notice', message, link, expiresAt: null, audience: { type: 'all' } });
    const copies: string[] = [];
    const clipboard: Clipboard = { copy: (text) => (copies.push(text), { sent: true }) };
    harness = await renderDashboard(core, { columns: 80, rows: 24, clipboard });
    const h = harness;
    await login(h, EMAIL, PASSWORD);
    await h.waitFor('Your projects');
    await h.press('n');
    await h.press(KEY.enter);
    await h.waitFor('❯ ● migration');
    await h.press(KEY.enter);
    const top = await h.waitFor('MIGRATION');
    expectInside(top, 80);
    expect(top).toContain('A long migration notice');
    expect(top).toMatch(/▼ lines 1–\d+ of \d+/);
    expect(top).not.toContain('THE END.');
    await h.press(END);
    const bottom = await h.waitFor('THE END.');
    // The header is still there, nothing is drawn over the body, and the whole link is on screen.
    expect(bottom).toContain('MIGRATION');
    expect(bottom).toContain('A long migration notice');
    expectInside(bottom, 80);
    const shown = bottom
      .split('\n')
      .map((line) => /│ ([^│]*?)\s*│\s*$/.exec(line)?.[1] ?? '')
      .join('');
    expect(shown).toContain(link);
    await h.press(HOME);
    await h.waitUntil((frame) => !frame.includes('THE END.'), 'back at the top');
    await h.press('l');
    await h.waitFor('Link (l jumps here, c copies it):');
    await h.press('c');
    await h.waitUntil((frame) => flat(frame).includes("Sent the link to your terminal's clipboard."), 'copied');
    expect(copies).toEqual([link]);
  });

  it('keeps the selected invitation on screen at 80×24 with a 500-character reason, inside its box, and v reads the reason whole; tabs show', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    const reason = `Please\tjoin. ${'We need your review of the churn model before the board meeting. '.repeat(10)}`.slice(0, INVITATION_REASON_MAX_LENGTH - 9) + ' LAST BIT';
    for (const name of ['First Project', 'Second Project']) {
      const project = await core.projects.create({ name });
      await core.invitations.create({ projectId: project.id, email: EMAIL, role: 'guest', reason });
    }
    harness = await renderDashboard(core, { columns: 80, rows: 24 });
    const h = harness;
    await login(h, EMAIL, PASSWORD);
    await h.waitFor('Your projects');
    await h.press('i');
    await h.press(KEY.enter);
    await h.waitFor('Enter/a accept');
    await h.press(KEY.down);
    const frame = await h.waitUntil((current) => /❯ (First|Second) Project/.test(current) && current.includes('v reads it all'), 'the second row selected');
    expectInside(frame, 80);
    // The explanation wraps without a stray space at the start of its lines.
    for (const line of frame.split('\n').filter((row) => /invitation go for good|become a member|to the project/.test(row))) expect(line).toMatch(/│ │ \S/);
    // The selected row is on screen, and so is the other one; the reason stays in its box.
    expect(frame).toMatch(/❯ \w+ Project/);
    // The tab is expanded (to the next tab stop after “Please): the text after it shows.
    expect(frame).toContain('“Please join. We need');
    expect(frame).not.toContain('LAST BIT');
    await h.press('v');
    await h.waitFor('Why you were invited to');
    await h.press(END);
    const whole = await h.waitFor('LAST BIT');
    expectInside(whole, 80);
    for (const line of whole.split('\n')) expect(line).not.toMatch(/│ {2}\S/);
    await h.press(KEY.escape);
    await h.waitFor('v reads it all');
  });
});
