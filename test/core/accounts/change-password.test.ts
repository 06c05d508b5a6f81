import { describe, expect, it } from 'vitest';
import { PASSWORD, makeAccount, testCore } from '../../support/core.ts';
import { enableMfa } from '../mfa/mfa-helpers.ts';

const EMAIL = 'ann@example.com';
const NEW_PASSWORD = 'a brand new passphrase';

async function setup() {
  const t = testCore();
  const id = await makeAccount(t.core, EMAIL);
  return { ...t, id };
}

describe('changing the password', () => {
  it('replaces the password: the old one fails, the new one works, and it is recorded', async () => {
    const { core, clock, id } = await setup();
    clock.advance({ minutes: 1 });
    await core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(core.accounts.login({ email: EMAIL, password: NEW_PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    expect(await core.accounts.get(id)).toMatchObject({ passwordChangedAt: clock.now().toISOString() });
    expect((await core.accounts.securityActivity(id)).map((e) => e.type)).toEqual([
      'login.succeeded',
      'login.failed',
      'password.changed',
      'account.created',
    ]);
  });

  it('requires the right current password (CURRENT_PASSWORD_WRONG) and changes nothing otherwise', async () => {
    const { core, id } = await setup();
    await expect(core.accounts.changePassword({ accountId: id, currentPassword: 'wrong one!', newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: 'CURRENT_PASSWORD_WRONG',
    });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });

  it('counts wrong current passwords against the sign-in throttle of the email, recorded as password.change_failed', async () => {
    const { core, id } = await setup();
    for (let i = 0; i < 4; i++) {
      await expect(core.accounts.changePassword({ accountId: id, currentPassword: `wrong ${i}`, newPassword: NEW_PASSWORD })).rejects.toMatchObject({
        code: 'CURRENT_PASSWORD_WRONG',
      });
    }
    await expect(core.accounts.changePassword({ accountId: id, currentPassword: 'wrong 5', newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      details: { scope: 'login' },
    });
    // One budget for guessing the password, whichever form it is typed into.
    await expect(core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
    });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    const types = (await core.accounts.securityActivity(id)).map((e) => e.type);
    expect(types.slice(0, 6)).toEqual(['login.throttled', ...Array<string>(5).fill('password.change_failed')]);
    expect(types).not.toContain('login.failed');
  });

  it('a right current password forgets the wrong ones counted before it', async () => {
    const { core, id } = await setup();
    for (let i = 0; i < 4; i++) await core.accounts.changePassword({ accountId: id, currentPassword: `wrong ${i}`, newPassword: NEW_PASSWORD }).catch(() => undefined);
    await core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    for (let i = 0; i < 4; i++) await expect(core.accounts.login({ email: EMAIL, password: `wrong ${i}` })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses the same password again with PASSWORD_UNCHANGED', async () => {
    const { core, id } = await setup();
    await expect(core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: PASSWORD })).rejects.toMatchObject({
      code: 'PASSWORD_UNCHANGED',
    });
  });

  it.each([
    ['short', 'PASSWORD_TOO_SHORT'],
    ['y'.repeat(257), 'PASSWORD_TOO_LONG'],
    ['qwerty123', 'PASSWORD_TOO_COMMON'],
    ['Ann@Example.com', 'PASSWORD_IS_EMAIL'],
  ])('applies the policy to the new password: %j → %s', async (newPassword, code) => {
    const { core, id } = await setup();
    await expect(core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword })).rejects.toMatchObject({ code });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });

  it('voids an MFA sign-in that was started with the old password', async () => {
    const { core, clock, id } = await setup();
    await enableMfa(core, clock, id);
    const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    clock.advance({ seconds: 1 });
    await core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await expect(core.accounts.completeMfaLogin({ challenge: started.challenge, code: '000000' })).rejects.toMatchObject({
      code: 'MFA_CHALLENGE_INVALID',
    });
  });

  it('lets only the first of two concurrent changes win', async () => {
    const { core, clock, id } = await setup();
    clock.advance({ seconds: 1 });
    const results = await Promise.allSettled([
      core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
      core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: 'another new passphrase' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(results[1]).toMatchObject({ reason: { code: 'CURRENT_PASSWORD_WRONG' } });
    await expect(core.accounts.login({ email: EMAIL, password: NEW_PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });
});
