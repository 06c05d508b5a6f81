import { describe, expect, it } from 'vitest';
import {
  createCore,
  createSecretBox,
  fastTestHasher,
  FakeClock,
  MemoryStore,
  totpCodeAt,
  type PasswordHasher,
} from '../../../src/core/index.ts';
import { PASSWORD, TEST_SECRET_KEY, makeAccount, stored, testCore, testStore } from '../../support/core.ts';
import { enableMfa, wrongCode } from '../mfa/mfa-helpers.ts';
import { gatedHasher } from '../../support/gated-hasher.ts';

const EMAIL = 'ann@example.com';
const WRONG = 'not the right password';

describe('login', () => {
  it('signs in with the right password, whatever the case of the email', async () => {
    const { core } = testCore();
    const id = await makeAccount(core, EMAIL);
    await expect(core.accounts.login({ email: ' ANN@example.com ', password: PASSWORD })).resolves.toEqual({
      status: 'ok',
      session: { accountId: id, email: EMAIL, token: expect.stringMatching(/^kbs_/) },
    });
  });

  it('gives an unknown email, a wrong password and a malformed email the same code and message', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    const errors = await Promise.all(
      [
        { email: 'nobody@example.com', password: PASSWORD },
        { email: EMAIL, password: WRONG },
        { email: 'not an email', password: PASSWORD },
      ].map((input) => core.accounts.login(input).catch((e: unknown) => e)),
    );
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'The email or password is incorrect.', details: {} });
    }
  });

  it('does the same work for an unknown email as for a wrong password: one verification, one transaction', async () => {
    const counts = { verify: 0, transact: 0 };
    const fast = fastTestHasher();
    const hasher: PasswordHasher = { ...fast, verify: (hash, password) => (counts.verify++, fast.verify(hash, password)) };
    const store = new MemoryStore();
    const transact = store.transact.bind(store);
    store.transact = (change) => (counts.transact++, transact(change));
    const core = createCore({ store, hasher, clock: new FakeClock(), secrets: createSecretBox(TEST_SECRET_KEY) });
    await makeAccount(core, EMAIL);

    const measure = async (email: string) => {
      counts.verify = counts.transact = 0;
      await core.accounts.login({ email, password: WRONG }).catch(() => undefined);
      return { ...counts };
    };
    expect(await measure('nobody@example.com')).toEqual({ verify: 1, transact: 1 });
    expect(await measure(EMAIL)).toEqual({ verify: 1, transact: 1 });
  });

  it('resets the failure count after a successful login', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    for (let i = 0; i < 4; i++) await core.accounts.login({ email: EMAIL, password: WRONG }).catch(() => undefined);
    await core.accounts.login({ email: EMAIL, password: PASSWORD });
    for (let i = 0; i < 4; i++) {
      await expect(core.accounts.login({ email: EMAIL, password: WRONG })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
  });

  it('matches a password typed in another Unicode normal form', async () => {
    const { core } = testCore();
    await core.accounts.create({ email: EMAIL, password: 'crème brûlée für 4' });
    const decomposed = 'crème brûlée für 4'.normalize('NFD');
    expect(decomposed).not.toBe('crème brûlée für 4');
    await expect(core.accounts.login({ email: EMAIL, password: decomposed })).resolves.toMatchObject({ status: 'ok' });
  });
});

describe('login racing a password change in another process', () => {
  /** Two cores on one store (of the leg's kind: on PostgreSQL the sign-in's known entries meet the change), as two processes: `slow` checks passwords through a gated hasher. */
  async function twoCores() {
    const store = testStore();
    const clock = new FakeClock();
    const secrets = createSecretBox(TEST_SECRET_KEY);
    const gated = gatedHasher();
    const slow = createCore({ store, clock, secrets, hasher: gated.hasher });
    const other = createCore({ store, clock, secrets, hasher: fastTestHasher() });
    return { store, clock, gated, slow, other, id: await makeAccount(other, EMAIL) };
  }

  it('refuses the old password that was right when checked but changed before the login was recorded', async () => {
    const { clock, gated, slow, other, id } = await twoCores();

    const login = slow.accounts.login({ email: EMAIL, password: PASSWORD });
    await gated.waiting;
    clock.advance({ seconds: 1 });
    await other.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    gated.release();

    await expect(login).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await other.sessions.summaryFor(id)).toMatchObject({ active: 0 });
    await expect(other.accounts.login({ email: EMAIL, password: 'a brand new passphrase' })).resolves.toMatchObject({ status: 'ok' });
  });

  it('asks for the second factor when MFA was switched on while the password was being checked', async () => {
    const { clock, gated, slow, other, id } = await twoCores();

    const login = slow.accounts.login({ email: EMAIL, password: PASSWORD });
    await gated.waiting;
    const { secret } = await other.mfa.startEnrollment(id);
    await other.mfa.activate(id, await totpCodeAt(secret, clock.now()));
    gated.release();

    await expect(login).resolves.toMatchObject({ status: 'mfa_required' });
    expect(await other.sessions.summaryFor(id)).toMatchObject({ active: 0 });
  });

  it('keeps the wrong codes counted while the password was being checked when the sign-in rehashes it', async () => {
    const { store, clock, gated, slow, other, id } = await twoCores();
    const { secret } = await enableMfa(other, clock, id);
    // The hash the slow sign-in checks is one it would renew: its transaction writes the account.
    gated.hasher.needsRehash = () => true;
    const first = await other.accounts.login({ email: EMAIL, password: PASSWORD });
    const challenge = first.status === 'mfa_required' ? first.challenge : '';

    const login = slow.accounts.login({ email: EMAIL, password: PASSWORD });
    await gated.waiting;
    for (let i = 0; i < 2; i++) {
      await expect(other.accounts.completeMfaLogin({ challenge, code: await wrongCode(secret, clock.now()) })).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    }
    gated.release();

    await expect(login).resolves.toMatchObject({ status: 'mfa_required' });
    expect((await stored(store, 'accounts', id))?.failedLogins).toHaveLength(2);
  });
});

