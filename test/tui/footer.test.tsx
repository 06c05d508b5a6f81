import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'footer@example.com';

/** The footer: the frame's last line with text. */
const footerOf = (frame: string): string => frame.trimEnd().split('\n').at(-1) ?? '';

/** Which screen a frame shows, by its breadcrumb (the header's second line); null for anything else. */
function screenOf(frame: string): 'home' | 'settings' | 'project' | null {
  const crumb = frame.split('\n')[1]?.trim() ?? '';
  if (crumb.endsWith('Account Settings')) return 'settings';
  if (crumb.endsWith('Warehouse')) return 'project';
  if (crumb === 'Home') return 'home';
  return null;
}

/** Keys only one screen offers: seeing them under another screen is the previous screen's footer. */
const ONLY_ON = { home: 'i invitations', settings: '↑↓ section', project: 'l leave project' } as const;

describe('the footer', () => {
  it('never shows the keys of the screen before, in any frame drawn while moving between screens', async () => {
    const setup = testCore();
    await makeAccount(setup.core, EMAIL);
    const project = await setup.core.projects.create({ name: 'Warehouse' });
    await setup.core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
    harness = await renderDashboard(setup.core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Warehouse');
    await harness.waitFor(ONLY_ON.home);
    const from = harness.frames().length;
    for (let round = 0; round < 2; round++) {
      await harness.press('s');
      await harness.waitFor(ONLY_ON.settings);
      await harness.press(KEY.escape);
      await harness.waitFor(ONLY_ON.home);
      await harness.press(KEY.enter);
      await harness.waitFor(ONLY_ON.project);
      await harness.press('?');
      await harness.waitFor('Keys on this screen');
      await harness.press('?');
      await harness.waitFor(ONLY_ON.project);
      await harness.press('s');
      await harness.waitFor(ONLY_ON.settings);
      await harness.press(KEY.escape);
      await harness.waitFor(ONLY_ON.project);
      await harness.press(KEY.escape);
      await harness.waitFor(ONLY_ON.home);
    }
    const wrong = harness
      .frames()
      .slice(from)
      .flatMap((frame) => {
        const screen = screenOf(frame);
        if (screen === null || frame.includes('Keys on this screen')) return [];
        const footer = footerOf(frame);
        const others = (Object.keys(ONLY_ON) as (keyof typeof ONLY_ON)[]).filter((other) => other !== screen && footer.includes(ONLY_ON[other]));
        return others.length > 0 ? [`${screen} screen with the ${others.join(', ')} footer: ${footer.trim()}`] : [];
      });
    expect(wrong).toEqual([]);
  });

  it('never offers the menu’s keys under a section that has the keyboard, nor a section’s keys under the menu', async () => {
    const setup = testCore();
    await makeAccount(setup.core, EMAIL);
    harness = await renderDashboard(setup.core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor(ONLY_ON.home);
    await harness.press('s');
    await harness.waitFor(ONLY_ON.settings);
    const footers: { key: string; stale: string; footers: string[] }[] = [];
    /** Presses `key`, waits for `ready` in the footer, and keeps the footers drawn meanwhile. */
    const hand = async (key: string, ready: string, stale: string) => {
      const from = harness!.frames().length;
      await harness!.press(key);
      await harness!.waitUntil((frame) => footerOf(frame).includes(ready), ready);
      footers.push({ key, stale, footers: harness!.frames().slice(from).map(footerOf) });
    };
    for (const [section, keys] of [['3', 'n new token'], ['4', 'Esc/← sections'], ['5', 'Tab/↑↓ field']] as const) {
      await hand(section, keys, ONLY_ON.settings);
      await hand(KEY.escape, ONLY_ON.settings, keys);
    }
    const wrong = footers.flatMap(({ key, stale, footers: drawn }) => drawn.filter((footer) => footer.includes(stale)).map((footer) => `${JSON.stringify(key)}: ${footer.trim()}`));
    expect(wrong).toEqual([]);
  });

  it('never draws a list’s keys under the form or detail opened from it, nor theirs under the list again', async () => {
    const setup = testCore();
    await makeAccount(setup.core, EMAIL);
    await setup.core.notifications.publish({ kind: 'announcement', title: 'Maintenance window', message: 'Saturday 02:00 UTC.', expiresAt: null, audience: { type: 'all' } });
    harness = await renderDashboard(setup.core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor(ONLY_ON.home);
    await harness.press('s');
    await harness.waitFor(ONLY_ON.settings);
    const wrong: string[] = [];
    /** Presses `key` until the footer shows `ready`; any footer drawn meanwhile that still offers `stale` is wrong. */
    const hand = async (key: string, ready: string, stale: string) => {
      const from = harness!.frames().length;
      await harness!.press(key);
      await harness!.waitUntil((frame) => footerOf(frame).includes(ready), ready);
      for (const footer of harness!.frames().slice(from).map(footerOf)) if (footer.includes(stale)) wrong.push(`${JSON.stringify(key)}: ${footer.trim()}`);
    };
    // Tokens: the list (n new token) and the New Token form (Tab/↑↓ field).
    await hand('3', 'n new token', ONLY_ON.settings);
    await hand('n', 'Tab/↑↓ field', 'n new token');
    await hand(KEY.escape, 'n new token', 'Tab/↑↓ field');
    // Notifications: the list and a notification opened from it.
    await hand(KEY.escape, ONLY_ON.settings, 'n new token');
    await hand('4', 'Esc/← sections', ONLY_ON.settings);
    const list = footerOf(harness.frames().at(-1)!);
    await hand(KEY.enter, 'Esc/← back', 'Esc/← sections');
    await hand(KEY.escape, 'Esc/← sections', 'Esc/← back');
    expect(list).toContain('Esc/← sections');
    expect(wrong).toEqual([]);
  });
});
