import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, fastTestHasher } from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { PASSWORD, TEST_SECRET_KEY, makeAccount, testCore } from '../../support/core.ts';
import { enableMfa, wrongCode } from '../mfa/mfa-helpers.ts';

const EMAIL = 'ann@example.com';

async function lockedAccount() {
  const t = testCore();
  const id = await makeAccount(t.core, EMAIL);
  for (let i = 0; i < 5; i++) await t.core.accounts.login({ email: EMAIL, password: `wrong ${i}` }).catch(() => undefined);
  return { ...t, id };
}

describe('operator: unlock', () => {
  it('lifts the wait of the email so the account can sign in at once, and records it', async () => {
    const { core, id } = await lockedAccount();
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    const unlocked = await core.accounts.unlock(' ANN@example.com');
    expect(unlocked).toMatchObject({ id, lockedUntil: null });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    expect((await core.accounts.securityActivity(id)).find((e) => e.type === 'account.unlocked')).toMatchObject({ details: { by: 'operator', wasLocked: true } });
  });

  it('lifts a lock by wrong second-factor codes', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    const { secret } = await enableMfa(core, clock, id);
    const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 5; i++) await core.accounts.completeMfaLogin({ challenge: started.challenge, code: wrong }).catch(() => undefined);
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await core.accounts.unlock(EMAIL);
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'mfa_required' });
  });

  it('also forgets failures that had not locked the account yet', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    for (let i = 0; i < 4; i++) await core.accounts.login({ email: EMAIL, password: `wrong ${i}` }).catch(() => undefined);
    await core.accounts.unlock(EMAIL);
    await expect(core.accounts.login({ email: EMAIL, password: 'wrong again' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('reports an unknown email as ACCOUNT_NOT_FOUND and a malformed one as INVALID_EMAIL', async () => {
    const { core } = testCore();
    await expect(core.accounts.unlock('nobody@example.com')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { email: 'nobody@example.com' } });
    await expect(core.accounts.unlock('nobody')).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
  });
});

describe('operator: reset MFA', () => {
  it('turns MFA off, so the password alone signs in again, and records it', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    await enableMfa(core, clock, id);
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'mfa_required' });
    expect(await core.accounts.resetMfa(EMAIL)).toMatchObject({ mfaEnabled: false, recoveryCodesLeft: 0 });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    expect(await core.mfa.status(id)).toEqual({ enabled: false, enrolling: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect((await core.accounts.securityActivity(id)).find((e) => e.type === 'mfa.reset')).toMatchObject({ details: { by: 'operator' } });
  });

  it('voids an MFA sign-in in progress', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    await enableMfa(core, clock, id);
    const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    await core.accounts.resetMfa(EMAIL);
    await expect(core.accounts.completeMfaLogin({ challenge: started.challenge, code: '123456' })).rejects.toMatchObject({
      code: 'MFA_CHALLENGE_INVALID',
    });
  });

  it('also drops an unfinished enrolment', async () => {
    const { core } = testCore();
    const id = await makeAccount(core, EMAIL);
    await core.mfa.startEnrollment(id);
    await core.accounts.resetMfa(EMAIL);
    expect(await core.mfa.status(id)).toMatchObject({ enrolling: false });
  });

  it('says there is nothing to reset when the account does not use MFA', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    await expect(core.accounts.resetMfa(EMAIL)).rejects.toMatchObject({ code: 'MFA_NOT_ENABLED' });
  });

  it('reports an unknown email as ACCOUNT_NOT_FOUND', async () => {
    const { core } = testCore();
    await expect(core.accounts.resetMfa('nobody@example.com')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});

describe('an empty store', () => {
  it('tells a store without accounts from one with any, reading one account at most', async () => {
    const { store, clock } = testCore();
    const limits: number[] = [];
    const watched: Store = {
      location: store.location,
      transact: (work) => store.transact(work),
      view: (work) =>
        store.view((view) =>
          work({
            get: (collection, id) => view.get(collection, id),
            find: (collection, index, key) => view.find(collection, index, key),
            page: (collection, index, query) => (limits.push(query.limit), view.page(collection, index, query)),
          }),
        ),
      changeSignal: () => store.changeSignal(),
      settle: (key, value) => store.settle(key, value),
      setting: (key) => store.setting(key),
      close: () => store.close(),
    };
    const core = createCore({ store: watched, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
    expect(await core.accounts.any()).toBe(false);
    await makeAccount(core, EMAIL);
    await makeAccount(core, 'bob@example.com');
    limits.length = 0;
    expect(await core.accounts.any()).toBe(true);
    expect(limits).toEqual([1]);
  });
});
