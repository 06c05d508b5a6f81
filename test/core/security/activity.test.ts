import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../../src/core/index.ts';
import { SECURITY_EVENT_RETENTION_DAYS, SECURITY_EVENTS_PER_ACCOUNT } from '../../../src/core/security/events.ts';
import { PASSWORD, makeAccount, stored, testCore } from '../../support/core.ts';
import { enableMfa } from '../mfa/mfa-helpers.ts';

const EMAIL = 'ann@example.com';

describe('security activity', () => {
  it('lists events newest first with their times', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    const created = clock.now().toISOString();
    clock.advance({ minutes: 1 });
    await core.accounts.login({ email: EMAIL, password: 'wrong password!' }).catch(() => undefined);
    clock.advance({ minutes: 1 });
    await core.accounts.login({ email: EMAIL, password: PASSWORD });
    const events = await core.accounts.securityActivity(id);
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ['login.succeeded', clock.now().toISOString()],
      ['login.failed', new Date(clock.now().getTime() - 60_000).toISOString()],
      ['account.created', created],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('is per account', async () => {
    const { core } = testCore();
    const ann = await makeAccount(core, EMAIL);
    const bob = await makeAccount(core, 'bob@example.com');
    await core.accounts.login({ email: 'bob@example.com', password: PASSWORD });
    expect((await core.accounts.securityActivity(ann)).map((e) => e.type)).toEqual(['account.created']);
    expect((await core.accounts.securityActivity(bob)).map((e) => e.type)).toEqual(['login.succeeded', 'account.created']);
  });

  it(`forgets events older than ${SECURITY_EVENT_RETENTION_DAYS} days, on read and when the next event is written`, async () => {
    const { core, clock, store } = testCore();
    const id = await makeAccount(core, EMAIL);
    clock.advance({ days: SECURITY_EVENT_RETENTION_DAYS - 1 });
    await core.accounts.login({ email: EMAIL, password: PASSWORD });
    clock.advance({ days: 1, minutes: 1 });
    expect((await core.accounts.securityActivity(id)).map((e) => e.type)).toEqual(['login.succeeded']);
    expect(await stored(store, 'securityEvents', id)).toHaveLength(2);

    await core.accounts.login({ email: EMAIL, password: PASSWORD });
    expect((await stored(store, 'securityEvents', id))!.map((e) => e.type)).toEqual(['login.succeeded', 'login.succeeded']);
  });

  it(`keeps at most ${SECURITY_EVENTS_PER_ACCOUNT} events per account, dropping the oldest`, async () => {
    const { core, clock, store } = testCore();
    const id = await makeAccount(core, EMAIL);
    for (let i = 0; i < SECURITY_EVENTS_PER_ACCOUNT + 20; i++) {
      clock.advance({ seconds: 1 });
      await core.accounts.unlock(EMAIL);
    }
    expect(await stored(store, 'securityEvents', id)).toHaveLength(SECURITY_EVENTS_PER_ACCOUNT);
    const all = await core.accounts.securityActivity(id, 1000);
    expect(all).toHaveLength(SECURITY_EVENTS_PER_ACCOUNT);
    expect(all[0]!.at).toBe(clock.now().toISOString());
    expect(all.some((e) => e.type === 'account.created')).toBe(false);
    expect(await core.accounts.securityActivity(id)).toHaveLength(100);
    expect(await core.accounts.securityActivity(id, 5)).toHaveLength(5);
  });

  it('holds no secret: no password, TOTP secret, code, recovery code or challenge', async () => {
    const { core, clock, store } = testCore();
    const id = await makeAccount(core, EMAIL);
    const { secret, recoveryCodes } = await enableMfa(core, clock, id);
    const used: string[] = [];
    let started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    const challenges = [started.challenge];
    const code = await totpCodeAt(secret, clock.now());
    used.push(code);
    await core.accounts.completeMfaLogin({ challenge: started.challenge, code });
    await core.accounts.completeMfaLogin({ challenge: started.challenge, code }).catch(() => undefined);
    await core.accounts.completeMfaLogin({ challenge: started.challenge, code: recoveryCodes[0]! });
    await core.accounts.login({ email: EMAIL, password: 'a wrong guess 123' }).catch(() => undefined);
    await core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: 'the next passphrase' });
    started = await core.accounts.login({ email: EMAIL, password: 'the next passphrase' });
    if (started.status === 'mfa_required') challenges.push(started.challenge);
    clock.advance({ seconds: 30 });
    await core.mfa.disable(id, await totpCodeAt(secret, clock.now()));

    const events = JSON.stringify(await stored(store, 'securityEvents', id));
    const secrets = [PASSWORD, 'the next passphrase', 'a wrong guess 123', secret, ...used, ...challenges];
    for (const value of [...secrets, ...recoveryCodes, ...recoveryCodes.map((c) => c.replace('-', ''))]) {
      expect(events).not.toContain(value);
    }
    expect(events).not.toMatch(/\$test\$|argon2/);
    expect((await core.accounts.securityActivity(id)).map((e) => e.type)).toEqual([
      'mfa.disabled',
      // The password change ended the two sessions the sign-ins above started.
      'session.ended',
      'password.changed',
      'login.failed',
      'login.succeeded',
      'mfa.recovery_code_used',
      'mfa.code_failed',
      'login.succeeded',
      'mfa.enabled',
      'account.created',
    ]);
  });

  it('reports an unknown account as ACCOUNT_NOT_FOUND', async () => {
    const { core } = testCore();
    await expect(core.accounts.securityActivity('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});
