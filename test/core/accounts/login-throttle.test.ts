import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, FakeClock, MemoryStore, type Core, type PasswordHasher } from '../../../src/core/index.ts';
import { PASSWORD, TEST_SECRET_KEY, makeAccount, stored, testCore } from '../../support/core.ts';
import { enableMfa, wrongCode } from '../mfa/mfa-helpers.ts';

const EMAIL = 'ann@example.com';
const WRONG = 'not the right password';
const MINUTE = 60_000;

const failure = (core: Core, email: string, password = WRONG) =>
  core.accounts.login({ email, password }).then(
    () => ({ code: 'SIGNED_IN' }),
    (e: { code: string; message: string; details: unknown }) => ({ code: e.code, message: e.message, details: e.details }),
  );

const inMinutes = (clock: FakeClock, minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE).toISOString();

/** A core whose hasher and store count argon2 verifications and transactions. */
function countingCore() {
  const counts = { verify: 0, transact: 0 };
  const fast = fastTestHasher();
  const hasher: PasswordHasher = { ...fast, verify: (hash, password) => (counts.verify++, fast.verify(hash, password)) };
  const store = new MemoryStore();
  const transact = store.transact.bind(store);
  store.transact = (work) => (counts.transact++, transact(work));
  const clock = new FakeClock();
  const core = createCore({ store, hasher, clock, secrets: createSecretBox(TEST_SECRET_KEY) });
  const measure = async <T>(work: () => Promise<T>) => {
    counts.verify = counts.transact = 0;
    const outcome = await work();
    return { outcome, ...counts };
  };
  return { core, clock, store, measure };
}

describe('sign-in throttle per typed email', () => {
  it('answers the 5th wrong password with TOO_MANY_ATTEMPTS and a 1-minute wait, saying until when', async () => {
    const { core, clock } = testCore();
    await makeAccount(core, EMAIL);
    for (let i = 0; i < 4; i++) {
      expect(await failure(core, EMAIL)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      clock.advance({ minutes: 3 });
    }
    const retryAfter = inMinutes(clock, 1);
    const error = await failure(core, EMAIL);
    expect(error).toEqual({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringContaining(`${retryAfter.slice(0, 10)} ${retryAfter.slice(11, 19)} UTC`), details: { scope: 'login', retryAfter } });
    // No account lock: that would tell anyone that the email has an account.
    expect(await core.accounts.findByEmail(EMAIL)).toMatchObject({ lockedUntil: null });
  });

  it('refuses even the right password during a wait, before any hashing, and signs in once it passed', async () => {
    const { core, clock, measure } = countingCore();
    await makeAccount(core, EMAIL);
    for (let i = 0; i < 5; i++) await failure(core, EMAIL);
    clock.advance({ seconds: 59 });
    expect(await measure(() => failure(core, EMAIL, PASSWORD))).toMatchObject({ outcome: { code: 'TOO_MANY_ATTEMPTS' }, verify: 0, transact: 0 });
    clock.advance({ seconds: 1 });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });

  it('doubles the wait with each further wrong password, up to 15 minutes', async () => {
    const { core, clock } = testCore();
    await makeAccount(core, EMAIL);
    for (let i = 0; i < 4; i++) await failure(core, EMAIL);
    for (const minutes of [1, 2, 4, 8, 15, 15]) {
      expect(await failure(core, EMAIL)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfter: inMinutes(clock, minutes) } });
      clock.advance({ minutes });
    }
  });

  it('does not extend the wait with attempts made during it', async () => {
    const { core, clock } = testCore();
    await makeAccount(core, EMAIL);
    for (let i = 0; i < 5; i++) await failure(core, EMAIL);
    const retryAfter = inMinutes(clock, 1);
    clock.advance({ seconds: 30 });
    for (let i = 0; i < 10; i++) expect(await failure(core, EMAIL)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfter } });
  });

  it('forgets free failures after 15 quiet minutes, and a wait 12 hours after the last failure', async () => {
    const { core, clock } = testCore();
    await makeAccount(core, EMAIL);
    for (let i = 0; i < 4; i++) await failure(core, EMAIL);
    clock.advance({ minutes: 15, seconds: 1 });
    for (let i = 0; i < 4; i++) expect(await failure(core, EMAIL)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await failure(core, EMAIL)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfter: inMinutes(clock, 1) } });
    clock.advance({ hours: 11, minutes: 59 });
    expect(await failure(core, EMAIL)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfter: inMinutes(clock, 2) } });
    clock.advance({ hours: 12 });
    expect(await failure(core, EMAIL)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('counts the email as typed after normalising: case and spaces buy no extra guesses', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    for (const typed of ['ann@example.com', 'ANN@example.com', ' Ann@Example.com ', 'ann@EXAMPLE.COM']) await failure(core, typed);
    expect(await failure(core, 'ann@example.COM')).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('gives an unknown email, an account without MFA and one with MFA identical codes, messages and details across 20 failures', async () => {
    const { core, clock } = testCore();
    await makeAccount(core, 'ann@example.com');
    await enableMfa(core, clock, await makeAccount(core, 'bob@example.com'));
    const emails = ['ann@example.com', 'bob@example.com', 'nobody@example.com'];
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const [ann, bob, nobody] = await Promise.all(emails.map((email) => failure(core, email)));
      expect(bob).toEqual(ann);
      expect(nobody).toEqual(ann);
      seen.push(ann!.code);
      clock.advance({ seconds: 40 + i * 17 });
    }
    expect(new Set(seen)).toEqual(new Set(['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS']));
  });

  it('does the same work for an unknown email as for a known one: one verification and one transaction per failure, none during a wait', async () => {
    const { core, clock, measure } = countingCore();
    await makeAccount(core, EMAIL);
    const work = async (email: string) => {
      const { verify, transact, outcome } = await measure(() => failure(core, email));
      return { verify, transact, code: outcome.code };
    };
    for (let i = 0; i < 8; i++) {
      expect(await work('nobody@example.com')).toEqual(await work(EMAIL));
      clock.advance({ seconds: 45 });
    }
    expect(await work(EMAIL)).toEqual({ verify: 0, transact: 0, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('throttles an unknown email without creating an account or touching anyone else’s activity', async () => {
    const { core, store } = testCore();
    const bob = await makeAccount(core, 'bob@example.com');
    const bobEvents = await stored(store, 'securityEvents', bob);
    for (let i = 0; i < 4; i++) expect(await failure(core, 'nobody@example.com')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await failure(core, 'nobody@example.com')).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(await core.accounts.findByEmail('nobody@example.com')).toBeNull();
    expect(await stored(store, 'securityEvents', bob)).toEqual(bobEvents);
    // The email itself is not stored: the throttle's key is a keyed digest of it.
    const throttles = await store.view((view) => view.page('throttles', 'expiry', { key: '*', limit: 10 }));
    expect(throttles.items).toHaveLength(1);
    expect(JSON.stringify(throttles.items)).not.toContain('nobody');
  });

  it('records login.failed and login.throttled on an existing account, never the password', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    await core.accounts.login({ email: EMAIL, password: PASSWORD, via: 'slack' });
    for (let i = 0; i < 5; i++) await failure(core, EMAIL);
    const events = await core.accounts.securityActivity(id);
    expect(events.map((e) => e.type)).toEqual([
      'login.throttled',
      'login.failed',
      'login.failed',
      'login.failed',
      'login.failed',
      'login.failed',
      'login.succeeded',
      'account.created',
    ]);
    expect(events[0]!.details).toEqual({ retryAfter: inMinutes(clock, 1), failures: 5 });
    expect(events[1]!.details).toEqual({ via: 'dashboard', from: 'local terminal', reason: 'password' });
    expect(JSON.stringify(events)).not.toContain(WRONG);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it('cannot be outrun by parallel guesses: the right password among many wrong ones waits too', async () => {
    const { core } = testCore();
    const id = await makeAccount(core, EMAIL);
    const guesses = [...Array.from({ length: 20 }, (_, i) => `wrong guess ${i}`), PASSWORD];
    const results = await Promise.allSettled(guesses.map((password) => core.accounts.login({ email: EMAIL, password })));
    expect(results.at(-1)).toMatchObject({ status: 'rejected', reason: { code: 'TOO_MANY_ATTEMPTS' } });
    const failed = (await core.accounts.securityActivity(id)).filter((e) => e.type === 'login.failed');
    expect(failed).toHaveLength(5);
  });

  it('tells only someone with the right password that wrong codes locked the account', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    const { secret } = await enableMfa(core, clock, id);
    const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 5; i++) await core.accounts.completeMfaLogin({ challenge: started.challenge, code: wrong }).catch(() => undefined);
    expect(await failure(core, EMAIL)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await failure(core, EMAIL, PASSWORD)).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('says how many codes are left only at the code step, after the password was proven', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    const { secret } = await enableMfa(core, clock, id);
    const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    const wrong = await wrongCode(secret, clock.now());
    for (const attemptsLeft of [4, 3, 2, 1]) {
      await expect(core.accounts.completeMfaLogin({ challenge: started.challenge, code: wrong })).rejects.toMatchObject({
        code: 'MFA_CODE_INVALID',
        details: { attemptsLeft },
      });
    }
    expect(await failure(core, EMAIL)).toMatchObject({ details: {} });
  });
});
