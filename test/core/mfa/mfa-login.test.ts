import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, openCore, totpCodeAt, type Core } from '../../../src/core/index.ts';
import { PASSWORD, fileCore, makeAccount, testCore } from '../../support/core.ts';
import { enableMfa, wrongCode } from './mfa-helpers.ts';

const EMAIL = 'ann@example.com';

async function setup() {
  const t = testCore();
  const id = await makeAccount(t.core, EMAIL);
  const mfa = await enableMfa(t.core, t.clock, id);
  return { ...t, id, ...mfa };
}

async function challengeFor(core: Core): Promise<string> {
  const result = await core.accounts.login({ email: EMAIL, password: PASSWORD });
  if (result.status !== 'mfa_required') throw new Error(`expected an MFA challenge, got ${result.status}`);
  return result.challenge;
}

describe('login with MFA', () => {
  it('asks for a code after the right password, and signs in with the current TOTP code', async () => {
    const { core, clock, id, secret } = await setup();
    const result = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    expect(result).toEqual({ status: 'mfa_required', challenge: expect.any(String) });
    if (result.status !== 'mfa_required') return;
    expect(result.challenge).not.toContain(id);
    const session = await core.accounts.completeMfaLogin({ challenge: result.challenge, code: await totpCodeAt(secret, clock.now()) });
    expect(session).toEqual({ accountId: id, email: EMAIL, token: expect.stringMatching(/^kbs_/), recoveryCodesLeft: null });
    expect((await core.accounts.securityActivity(id))[0]).toMatchObject({ type: 'login.succeeded', details: { via: 'dashboard', mfa: true } });
  });

  it('still answers a wrong password with INVALID_CREDENTIALS, never with a challenge', async () => {
    const { core } = await setup();
    await expect(core.accounts.login({ email: EMAIL, password: 'not the password' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses the same TOTP code a second time (MFA_CODE_REUSED)', async () => {
    const { core, clock, secret } = await setup();
    const code = await totpCodeAt(secret, clock.now());
    await core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code });
    clock.advance({ seconds: 10 });
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code })).rejects.toMatchObject({
      code: 'MFA_CODE_REUSED',
    });
  });

  it('refuses the code used to activate MFA', async () => {
    const { core, clock } = testCore();
    const id = await makeAccount(core, EMAIL);
    const { secret } = await core.mfa.startEnrollment(id);
    const code = await totpCodeAt(secret, clock.now());
    await core.mfa.activate(id, code);
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code })).rejects.toMatchObject({
      code: 'MFA_CODE_REUSED',
    });
  });

  it('accepts a code from the next time step (clock drift), and then none from before it', async () => {
    const { core, clock, secret } = await setup();
    const next = await totpCodeAt(secret, new Date(clock.now().getTime() + 30_000));
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code: next })).resolves.toMatchObject({
      email: EMAIL,
    });
    const current = await totpCodeAt(secret, clock.now());
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code: current })).rejects.toMatchObject({
      code: 'MFA_CODE_REUSED',
    });
    clock.advance({ seconds: 60 });
    await expect(
      core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code: await totpCodeAt(secret, clock.now()) }),
    ).resolves.toMatchObject({ email: EMAIL });
  });

  it('accepts a recovery code once (any case, with or without the dash), then MFA_CODE_REUSED', async () => {
    const { core, id, recoveryCodes } = await setup();
    const code = recoveryCodes[2]!;
    const typed = code.toUpperCase().replace('-', ' ');
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code: typed })).resolves.toMatchObject({
      accountId: id,
    });
    expect(await core.mfa.status(id)).toMatchObject({ recoveryCodesLeft: 9 });
    expect((await core.accounts.securityActivity(id)).find((e) => e.type === 'mfa.recovery_code_used')).toMatchObject({
      details: { via: 'dashboard', left: 9 },
    });
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code })).rejects.toMatchObject({
      code: 'MFA_CODE_REUSED',
    });
  });

  it('refuses an unknown recovery code with MFA_CODE_INVALID and garbage with MFA_CODE_MALFORMED', async () => {
    const { core } = await setup();
    const challenge = await challengeFor(core);
    await expect(core.accounts.completeMfaLogin({ challenge, code: 'aaaaa-aaaaa' })).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    for (const code of ['', '12345', 'hello', '1234567', 'aaaaa-aaaa0']) {
      await expect(core.accounts.completeMfaLogin({ challenge, code })).rejects.toMatchObject({ code: 'MFA_CODE_MALFORMED' });
    }
  });

  it('counts wrong codes toward the lockout: the 5th locks, and then even the right code is refused', async () => {
    const { core, clock, id, secret } = await setup();
    const challenge = await challengeFor(core);
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 4; i++) await expect(core.accounts.completeMfaLogin({ challenge, code: wrong })).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    const until = new Date(clock.now().getTime() + 15 * 60_000).toISOString();
    await expect(core.accounts.completeMfaLogin({ challenge, code: wrong })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', details: { until } });
    const right = await totpCodeAt(secret, clock.now());
    await expect(core.accounts.completeMfaLogin({ challenge, code: right })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const types = (await core.accounts.securityActivity(id)).map((e) => e.type);
    expect(types.slice(0, 6)).toEqual(['login.locked', 'mfa.code_failed', 'mfa.code_failed', 'mfa.code_failed', 'mfa.code_failed', 'mfa.code_failed']);
  });

  it('counts reused codes toward the lockout too', async () => {
    const { core, clock, secret } = await setup();
    const code = await totpCodeAt(secret, clock.now());
    await core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code });
    const challenge = await challengeFor(core);
    for (let i = 0; i < 4; i++) await expect(core.accounts.completeMfaLogin({ challenge, code })).rejects.toMatchObject({ code: 'MFA_CODE_REUSED' });
    await expect(core.accounts.completeMfaLogin({ challenge, code })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('does not reset the failure count on a right password: knowing it buys no extra code guesses', async () => {
    const { core, clock, secret } = await setup();
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 4; i++) {
      await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code: wrong })).rejects.toMatchObject({
        code: 'MFA_CODE_INVALID',
      });
    }
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code: wrong })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
  });

  it('does not count malformed input toward the lockout', async () => {
    const { core, clock, secret } = await setup();
    const challenge = await challengeFor(core);
    for (let i = 0; i < 6; i++) await expect(core.accounts.completeMfaLogin({ challenge, code: 'oops' })).rejects.toMatchObject({ code: 'MFA_CODE_MALFORMED' });
    await expect(core.accounts.completeMfaLogin({ challenge, code: await totpCodeAt(secret, clock.now()) })).resolves.toMatchObject({ email: EMAIL });
  });

  it('lets the operator unlock an account locked by wrong codes', async () => {
    const { core, clock, secret } = await setup();
    const challenge = await challengeFor(core);
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 5; i++) await core.accounts.completeMfaLogin({ challenge, code: wrong }).catch(() => undefined);
    await core.accounts.unlock(EMAIL);
    await expect(core.accounts.completeMfaLogin({ challenge, code: await totpCodeAt(secret, clock.now()) })).resolves.toMatchObject({ email: EMAIL });
  });

  it('voids the challenge after 5 minutes (MFA_CHALLENGE_INVALID)', async () => {
    const { core, clock, secret } = await setup();
    const challenge = await challengeFor(core);
    clock.advance({ minutes: 6 });
    const error = await core.accounts.completeMfaLogin({ challenge, code: await totpCodeAt(secret, clock.now()) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MFA_CHALLENGE_INVALID' });
    expect((error as Error).message).toMatch(/password again/);
  });

  it('still accepts the challenge just before it expires', async () => {
    const { core, clock, secret } = await setup();
    const challenge = await challengeFor(core);
    clock.advance({ minutes: 4, seconds: 59 });
    await expect(core.accounts.completeMfaLogin({ challenge, code: await totpCodeAt(secret, clock.now()) })).resolves.toMatchObject({ email: EMAIL });
  });

  it('refuses a tampered or made-up challenge (MFA_CHALLENGE_INVALID)', async () => {
    const { core, clock, secret } = await setup();
    const challenge = await challengeFor(core);
    const code = await totpCodeAt(secret, clock.now());
    const parts = challenge.split(':');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64')].join(':');
    for (const bad of [tampered, '', 'nonsense', 'v1:aaaa:bbbb:cccc', challenge.slice(0, -4)]) {
      await expect(core.accounts.completeMfaLogin({ challenge: bad, code })).rejects.toMatchObject({ code: 'MFA_CHALLENGE_INVALID' });
    }
    await expect(core.accounts.completeMfaLogin({ challenge, code })).resolves.toMatchObject({ email: EMAIL });
  });

  it('refuses a challenge sealed with another key', async () => {
    const { core, store, clock, secret } = await setup();
    const otherKey = createCore({ store, clock, hasher: fastTestHasher(), secrets: createSecretBox(Buffer.alloc(32, 9)) });
    const foreign = await challengeFor(otherKey);
    await expect(core.accounts.completeMfaLogin({ challenge: foreign, code: await totpCodeAt(secret, clock.now()) })).rejects.toMatchObject({
      code: 'MFA_CHALLENGE_INVALID',
    });
  });
});

describe('replay across processes (two cores on one data directory)', () => {
  async function twoCores() {
    const a = await fileCore();
    const b = await openCore({ dataDir: a.dataDir, clock: a.clock, hasher: fastTestHasher(), env: {} });
    const id = await makeAccount(a.core, EMAIL);
    const mfa = await enableMfa(a.core, a.clock, id);
    return { a: a.core, b, clock: a.clock, id, ...mfa };
  }

  it('refuses in one process a code already used in the other', async () => {
    const { a, b, clock, secret } = await twoCores();
    const code = await totpCodeAt(secret, clock.now());
    await a.accounts.completeMfaLogin({ challenge: await challengeFor(a), code });
    await expect(b.accounts.completeMfaLogin({ challenge: await challengeFor(b), code })).rejects.toMatchObject({ code: 'MFA_CODE_REUSED' });
  });

  /** Both processes submit `code` at the same moment: exactly one is accepted, the other is MFA_CODE_REUSED. */
  async function expectAcceptedOnce(a: Core, b: Core, code: string): Promise<void> {
    const [challengeA, challengeB] = [await challengeFor(a), await challengeFor(b)];
    const results = await Promise.allSettled([
      a.accounts.completeMfaLogin({ challenge: challengeA, code }),
      b.accounts.completeMfaLogin({ challenge: challengeB, code }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'MFA_CODE_REUSED' } });
  }

  it('accepts the same code only once when both processes submit it at the same moment', async () => {
    const { a, b, clock, secret } = await twoCores();
    await expectAcceptedOnce(a, b, await totpCodeAt(secret, clock.now()));
  });

  it('accepts a recovery code only once across processes at the same moment', async () => {
    const { a, b, recoveryCodes } = await twoCores();
    await expectAcceptedOnce(a, b, recoveryCodes[0]!);
  });

  it('a challenge from one process completes in the other (they share the key file)', async () => {
    const { a, b, clock, secret } = await twoCores();
    await expect(b.accounts.completeMfaLogin({ challenge: await challengeFor(a), code: await totpCodeAt(secret, clock.now()) })).resolves.toMatchObject({
      email: EMAIL,
    });
  });
});
