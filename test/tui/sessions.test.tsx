import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/core/index.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'sessions@example.com';
const NEW_PASSWORD = 'a brand new passphrase for sessions';

async function signedIn() {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  harness = await renderDashboard(setup.core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  return { ...setup, accountId, harness };
}

/** Another sign-in of the same account, as another terminal would make it. */
async function elsewhere(core: ReturnType<typeof testCore>['core']): Promise<Session> {
  const result = await core.accounts.login({ email: EMAIL, password: PASSWORD, via: 'ssh' });
  if (result.status !== 'ok') throw new Error('expected a session');
  return result.session;
}

describe('the dashboard session', () => {
  it('returns to sign-in saying why when the password was changed in another session', async () => {
    const { core, harness: h } = await signedIn();
    const other = await elsewhere(core);
    await core.signedIn(other.token).accounts.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });

    const frame = flat(await h.waitFor('Sign in to Keboola Connection'));
    expect(frame).toContain('You were signed out: The password was changed in another session.');
    expect(frame).not.toContain('Your projects');
  });

  it('asks for the password inline before creating a token 15 minutes after sign-in, then creates it', async () => {
    const { clock, harness: h } = await signedIn();
    clock.advance({ minutes: 16 });
    await h.press('s');
    await h.press('3');
    await h.waitFor('n new token');
    await h.press('n');
    await h.waitFor('New Management API token');
    await h.press('CI deploys');
    await h.press(KEY.enter);
    await h.press(KEY.enter);

    await h.waitFor('Confirm it is you');
    await h.press('wrong password');
    await h.press(KEY.enter);
    expect(flat(await h.waitFor('That password is not right.'))).toContain('4 more wrong tries end this session');
    await h.press(PASSWORD);
    await h.press(KEY.enter);
    const frame = flat(await h.waitFor(/kbcm_[0-9A-Za-z]{36}/));
    expect(frame).not.toContain('Confirm it is you');
  });

  it('lists the active sessions and signs out everywhere', async () => {
    const { core, harness: h } = await signedIn();
    const other = await elsewhere(core);
    await h.press('s');
    await h.press('1');
    await h.waitFor('Active sessions');
    for (let i = 0; i < 2; i++) await h.press(KEY.down);
    await h.press(KEY.enter);
    const list = flat(await h.waitFor('● Dashboard · local terminal (this session)'));
    expect(list).toContain('Dashboard over SSH');
    await h.press('E');
    await h.waitFor('Sign out everywhere?');
    await h.press('y');

    expect(flat(await h.waitFor('Sign in to Keboola Connection'))).toContain('You signed out everywhere (2 sessions).');
    await expect(core.signedIn(other.token).accounts.get()).rejects.toMatchObject({ code: 'SESSION_ENDED' });
  });

  it('signs one other session out: pick it, d, confirm; this one stays', async () => {
    const { core, clock, harness: h } = await signedIn();
    // Listed oldest first: a minute later, the other session comes second.
    clock.advance({ minutes: 1 });
    const other = await elsewhere(core);
    await h.press('s');
    await h.press('1');
    await h.waitFor('Active sessions');
    for (let i = 0; i < 2; i++) await h.press(KEY.down);
    await h.press(KEY.enter);
    await h.waitFor('● Dashboard · local terminal (this session)');
    // This session is selected first: d does nothing to it.
    await h.press('d');
    expect(flat(h.frame())).not.toContain('Sign out this session?');
    await h.press(KEY.down);
    await h.press('d');
    expect(flat(await h.waitFor('Sign out this session?'))).toContain('Dashboard over SSH · SSH returns to sign-in');
    await h.press('y');
    const after = flat(await h.waitFor('Signed out: Dashboard over SSH · SSH.'));
    expect(after).toContain('(this session)');
    await expect(core.signedIn(other.token).accounts.get()).rejects.toMatchObject({ code: 'SESSION_ENDED', details: { reason: 'signed_out_remotely' } });
  });

  it('signs the session out when the dashboard quits (q or Ctrl+C)', async () => {
    for (const key of ['q', '\x03']) {
      const { core, harness: h } = await signedIn();
      const other = await elsewhere(core);
      expect(await core.signedIn(other.token).session.list()).toHaveLength(2);
      await h.press(key);
      await expect.poll(async () => (await core.signedIn(other.token).session.list()).length).toBe(1);
      await h.unmount();
      harness = null;
    }
  });

  it('quits with q from Security activity too', async () => {
    const { core, harness: h } = await signedIn();
    const other = await elsewhere(core);
    await h.press('s');
    await h.press('1');
    await h.waitFor('Security activity');
    for (let i = 0; i < 3; i++) await h.press(KEY.down);
    await h.press(KEY.enter);
    await h.waitFor('WHEN');
    await h.press('q');
    await expect.poll(async () => (await core.signedIn(other.token).session.list()).length).toBe(1);
  });
});
