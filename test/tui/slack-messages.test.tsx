import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'prefs@example.com';

/** Logs in and opens Account Settings › Slack Messages with the keyboard in the section. */
async function openPreferences() {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  harness = await renderDashboard(setup.core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('s');
  await harness.press('8');
  await harness.waitFor('[x] Announcements');
  return { ...setup, accountId, harness };
}

describe('Slack message preferences in Account Settings', () => {
  it('lists every kind on at first, with the key hints', async () => {
    const { harness: h } = await openPreferences();
    const frame = h.frame();
    for (const label of ['Announcements', 'Deprecations', 'Migrations', 'Project limits', 'Invitations', 'Token expiry reminders', 'Project reminders (membership end, MFA deadline)']) {
      expect(frame).toContain(`[x] ${label}`);
    }
    expect(frame).toContain('The bell and the lists in this dashboard always show everything.');
    expect(frame).toMatch(/Space.*on\/off/);
  });

  it('turns the selected kind off and on with Space, saved in the core', async () => {
    const { harness: h, core, accountId } = await openPreferences();
    await h.press(KEY.down);
    await h.press(' ');
    await h.waitFor('[ ] Deprecations');
    await h.waitFor('Deprecations: off in Slack.');
    expect((await core.preferences.get(accountId)).kinds).toMatchObject({ announcement: true, deprecation: false });
    await h.press(KEY.enter);
    await h.waitFor('[x] Deprecations');
    expect((await core.preferences.get(accountId)).kinds.deprecation).toBe(true);
  });

  it('shows a change made in Slack without a restart', async () => {
    const { harness: h, core, accountId } = await openPreferences();
    await core.preferences.setDm(accountId, { token_reminder: false });
    await h.waitFor('[ ] Token expiry reminders');
  });
});
