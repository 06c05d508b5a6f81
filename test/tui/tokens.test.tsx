import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { eventually, flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';
import { MENU_WIDTH } from '../../src/tui/screens/SettingsScreen.tsx';
import { DELETE_ADVICE } from '../../src/tui/screens/settings/TokensSection.tsx';
import { NOTE_IT_WARNING } from '../../src/tui/screens/settings/TokenCreatedView.tsx';
import { DESCRIPTION_MISSING } from '../../src/tui/screens/settings/NewTokenForm.tsx';
import { DATE_FORMAT_PROBLEM, noSuchDay, readExpiry } from '../../src/tui/screens/settings/token-expiry.ts';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'tokens@example.com';
const TOKEN = /kbcm_[0-9A-Za-z]{36}/;
const MS_PER_DAY = 86_400_000;
/** Cells left of the section panel: the body's padding, the settings menu and the gap. */
const PANEL_FROM = 1 + MENU_WIDTH + 1;

/** The section panel's text as one line of words, without the menu beside it. */
const panelWords = (frame: string): string => flat(frame.split('\n').map((line) => line.slice(PANEL_FROM)).join('\n'));

/** Logs in and opens Account Settings › Access Tokens with the keyboard in the section. */
async function openTokens(
  prepare?: (setup: ReturnType<typeof testCore> & { accountId: string }) => Promise<void>,
  size: { columns?: number; rows?: number } = {},
) {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  await prepare?.({ ...setup, accountId });
  harness = await renderDashboard(setup.core, size);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('s');
  await harness.press('3');
  await harness.waitFor('n new token');
  return { ...setup, accountId, harness };
}

/** Opens New Token and types a description; the expiry choice has the keyboard afterwards. */
async function startNewToken(h: Harness, description: string) {
  await h.press('n');
  await h.waitFor('New Management API token');
  await h.press(description);
  await h.press(KEY.enter);
  await h.waitFor('←→ expiry');
}

/** A new token's form with the custom date chosen (the fourth expiry), the date field focused. */
async function startCustomDate(h: Harness, description: string) {
  await startNewToken(h, description);
  for (let step = 0; step < 3; step += 1) await h.press(KEY.right);
  await h.waitFor('◉ Custom date');
  await h.press(KEY.enter);
  await h.waitFor('❯ Expires on');
}

describe('access tokens', () => {
  it('lists tokens with created, "expires in", last use or "never used", and an EXPIRED badge', async () => {
    const { harness } = await openTokens(async ({ core, clock, accountId }) => {
      const used = await core.tokens.create(accountId, { description: 'Nightly backup', expiresInDays: 30 });
      await core.tokens.create(accountId, { description: 'Old experiment', expiresInDays: 7 });
      clock.advance({ days: 8 });
      await core.tokens.verify(used.secret);
      clock.advance({ hours: 3 });
    });
    const frame = await harness.waitFor('Old experiment');
    const rows = frame.split('\n');
    const backup = rows.find((row) => row.includes('Nightly backup')) ?? '';
    const old = rows.find((row) => row.includes('Old experiment')) ?? '';
    expect(backup).toMatch(/15 Jan 2026 +22 days +about 3 hours ago/);
    expect(old).toMatch(/15 Jan 2026 +EXPIRED +never used/);
    expect(panelWords(frame)).toContain(DELETE_ADVICE);
    expect(panelWords(frame)).toContain('Storage API tokens, for work inside one project');
  });

  it('creates a token and shows it once, in full, with the warning; Enter removes it from the screen', async () => {
    const { harness, core, clock, accountId } = await openTokens();
    await harness.waitFor('You have no Management API tokens');
    await startNewToken(harness, 'Deploy from CI');
    await harness.press(KEY.enter);
    const shown = await harness.waitFor(NOTE_IT_WARNING);
    const secret = TOKEN.exec(shown)?.[0] ?? '';
    expect(secret).toMatch(TOKEN);
    await expect(core.tokens.verify(secret)).resolves.toMatchObject({ accountId });
    const [token] = await core.tokens.list(accountId);
    expect(token).toMatchObject({ description: 'Deploy from CI', expiresAt: new Date(clock.now().getTime() + 30 * MS_PER_DAY).toISOString() });

    await harness.press(KEY.enter);
    const after = await harness.waitFor('✔ Token “Deploy from CI” created');
    expect(after).not.toMatch(TOKEN);
    expect(after).toContain(token!.hint);
  });

  it('keeps a token shown once on screen when the terminal is too small for a moment, and no key acts meanwhile', async () => {
    const { harness, core, accountId } = await openTokens();
    await harness.waitFor('You have no Management API tokens');
    await startNewToken(harness, 'Survives a resize');
    await harness.press(KEY.enter);
    const secret = TOKEN.exec(await harness.waitFor(NOTE_IT_WARNING))?.[0] ?? '';

    await harness.resize(78, 24);
    await harness.waitFor('Terminal too small');
    // Enter would confirm "I noted it" and drop the token: unseen, it must do nothing.
    await harness.press(KEY.enter);
    await harness.resize(120, 40);
    const back = await harness.waitFor(NOTE_IT_WARNING);
    expect(back).toContain(secret);
    expect(back).toContain('Access Tokens');
    expect(await core.tokens.list(accountId)).toHaveLength(1);
  });

  it('offers 7, 30, 60 and 90 days, moved with the arrow keys', async () => {
    const { harness, core, clock, accountId } = await openTokens();
    await startNewToken(harness, 'Short-lived');
    expect(harness.frame()).toMatch(/○ 7 days +◉ 30 days +○ 60 days +○ 90 days +○ Custom date/);
    await harness.press(KEY.right);
    await harness.press(KEY.right);
    await harness.waitFor('◉ 90 days');
    await harness.press(KEY.tab);
    await harness.press(KEY.enter);
    await harness.waitFor(NOTE_IT_WARNING);
    const [token] = await core.tokens.list(accountId);
    expect(token?.expiresAt).toBe(new Date(clock.now().getTime() + 90 * MS_PER_DAY).toISOString());
  });

  it('takes a custom date as the end of that day in the dashboard’s zone (UTC here), explaining a bad date and a day out of range', async () => {
    const { harness, core, accountId } = await openTokens();
    await startCustomDate(harness, 'Until spring');
    await harness.press('next week');
    await harness.press(KEY.enter);
    await harness.waitFor(DATE_FORMAT_PROBLEM);
    await harness.press('\x15');
    await harness.press('2026-02-30');
    await harness.press(KEY.enter);
    await harness.waitFor(noSuchDay('2026-02-30'));
    await harness.press('\x15');
    await harness.press('2027-06-01');
    await harness.press(KEY.enter);
    await harness.waitFor(/Pick a day from 2026-01-16 to 2027-01-1\d: a token lives at most 365 days\./);
    await expect(core.tokens.list(accountId)).resolves.toHaveLength(0);
    await harness.press('\x15');
    await harness.press('2026-03-31');
    await harness.press(KEY.enter);
    await harness.waitFor(NOTE_IT_WARNING);
    const [token] = await core.tokens.list(accountId);
    expect(token?.expiresAt).toBe('2026-03-31T23:59:59.999Z');
  });

  it('moves to the description the core refused, and drops the message once the description changes', async () => {
    const { harness, core, accountId } = await openTokens();
    await startNewToken(harness, 'x'.repeat(101));
    await harness.press(KEY.enter);
    await harness.waitFor('A token description');
    expect(harness.frame()).toContain('❯ Description');
    // Another field's change keeps it.
    await harness.press(KEY.tab);
    await harness.waitFor('←→ expiry');
    await harness.press(KEY.right);
    await harness.waitFor('◉ 60 days');
    expect(harness.frame()).toContain('A token description');
    await harness.press(KEY.shiftTab);
    await harness.waitFor('❯ Description');
    await harness.press(KEY.backspace);
    await harness.waitUntil((frame) => !frame.includes('A token description'), 'the message gone');
    await expect(core.tokens.list(accountId)).resolves.toHaveLength(0);
  });

  it('keeps a refused date’s message only until the date changes', async () => {
    const { harness } = await openTokens();
    await startCustomDate(harness, 'Until later');
    await harness.press('next week');
    await harness.press(KEY.enter);
    await harness.waitFor(DATE_FORMAT_PROBLEM);
    expect(harness.frame()).toContain('❯ Expires on');
    await harness.press(KEY.backspace);
    await harness.waitUntil((frame) => !frame.includes(DATE_FORMAT_PROBLEM), 'the message gone');
  });

  it('asks for a description before creating anything, and Esc leaves the form', async () => {
    const { harness, core, accountId } = await openTokens();
    await harness.press('n');
    await harness.waitFor('New Management API token');
    await harness.press(KEY.enter);
    await harness.press(KEY.enter);
    await harness.waitFor(DESCRIPTION_MISSING);
    await harness.press(KEY.escape);
    await harness.waitFor('You have no Management API tokens');
    await expect(core.tokens.list(accountId)).resolves.toHaveLength(0);
  });

  it('deletes a token only after confirmation', async () => {
    const { harness, core, accountId } = await openTokens(async ({ core, accountId }) => {
      await core.tokens.create(accountId, { description: 'Keep me', expiresInDays: 30 });
      await core.tokens.create(accountId, { description: 'Remove me', expiresInDays: 60 });
    });
    await harness.waitFor('Keep me');
    await harness.press(KEY.down);
    await harness.waitFor('❯ Keep me');
    await harness.press(KEY.up);
    await harness.waitFor('❯ Remove me');
    await harness.press('d');
    await harness.waitFor('Delete this token?');
    await harness.press('n');
    await eventually(() => expect(harness.frame()).not.toContain('Delete this token?'));
    await expect(core.tokens.list(accountId)).resolves.toHaveLength(2);
    await harness.press('d');
    await harness.waitFor('“Remove me”');
    await harness.press('y');
    await harness.waitFor('✔ Token “Remove me” deleted.');
    expect((await core.tokens.list(accountId)).map((token) => token.description)).toEqual(['Keep me']);
  });

  it('fits the delete confirmation into the smallest terminal, dropping the explanations meanwhile', async () => {
    const { harness } = await openTokens(
      async ({ core, accountId }) => {
        for (const description of ['One', 'Two', 'Three']) await core.tokens.create(accountId, { description, expiresInDays: 30 });
      },
      { columns: 80, rows: 24 },
    );
    const list = await harness.waitFor('Three');
    expect(list).toContain('DESCRIPTION');
    expect(list).not.toContain('CREATED');
    await harness.press('d');
    const dialog = await harness.waitFor('Delete this token?');
    expect(dialog).toContain('Access Tokens');
    expect(dialog).toContain('╚');
    expect(dialog).not.toContain('Despite the fact');
    expect(dialog).toContain('y/Enter delete token');
  });

  it('says in plain words that a token deleted elsewhere meanwhile no longer exists', async () => {
    const { harness, core, accountId } = await openTokens(async ({ core, accountId }) => {
      await core.tokens.create(accountId, { description: 'Shared', expiresInDays: 30 });
    });
    await harness.waitFor('Shared');
    await harness.press('d');
    await harness.waitFor('Delete this token?');
    const [token] = await core.tokens.list(accountId);
    await core.tokens.delete(accountId, token!.id);
    await harness.press('y');
    await harness.waitFor('✖ That token no longer exists.');
  });

  it('shows a token created by another process without a restart', async () => {
    const { harness, core, accountId } = await openTokens();
    await harness.waitFor('You have no Management API tokens');
    await core.tokens.create(accountId, { description: 'Made in Slack', expiresInDays: 7 });
    await harness.waitFor('Made in Slack');
  });
});

describe('readExpiry', () => {
  const NOW = new Date('2026-01-15T09:00:00.000Z');

  it('passes a choice of days on, and reads a typed date as the end of that day in the dashboard’s zone', () => {
    expect(readExpiry(60, '', NOW)).toEqual({ ok: true, expiry: { expiresInDays: 60 } });
    expect(readExpiry('custom', ' 2026-12-31 ', NOW)).toEqual({ ok: true, expiry: { expiresAt: new Date(2026, 11, 31, 23, 59, 59, 999) } });
  });

  it('tells a wrong format from a day that does not exist', () => {
    expect(readExpiry('custom', '31.12.2026', NOW)).toEqual({ ok: false, problem: DATE_FORMAT_PROBLEM });
    expect(readExpiry('custom', '2026-02-29', NOW)).toEqual({ ok: false, problem: noSuchDay('2026-02-29') });
  });
});
