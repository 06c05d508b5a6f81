import type { CoreContext } from '../context.ts';
import type { Account } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { applySecondFactor, checkSecondFactor, secondFactorError, type RefusedCode } from '../mfa/second-factor.ts';
import { normalizeEmail } from './email.ts';
import { normalizePassword } from './password-policy.ts';
import { findAccountByEmail } from './model.ts';
import { assertNotLocked, clearFailures, lockedError, lockedUntil, registerFailure } from './lockout.ts';
import { challengeInvalid, openChallenge, sealChallenge, type MfaChallenge } from './challenge.ts';
import type { LoginResult, MfaLoginResult } from './types.ts';
import { recoveryCodesLeft } from '../mfa/recovery-codes.ts';

/** Which front end a login came through, recorded in the security activity. */
export type LoginFront = 'dashboard' | 'slack' | 'cli';

/** One message for an unknown email and a wrong password, so neither reveals which accounts exist. */
export const invalidCredentials = () => new AccountError('INVALID_CREDENTIALS', 'The email or password is incorrect.');

type MfaOutcome =
  | { kind: 'ok'; result: MfaLoginResult }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: Date }
  | { kind: 'failed'; refused: RefusedCode; recoveryCodesLeft: number };

/** The login's second step takes an app code or, instead, an unused recovery code. */
const LOGIN_ACCEPTS = { allowRecovery: true } as const;

/** A challenge is void once the password changed or MFA was turned off after it was issued. */
const challengeHolds = (account: DeepReadonly<Account>, challenge: MfaChallenge) =>
  account.mfa.enabled && account.passwordChangedAt === challenge.pw;

/**
 * The two login steps. Hashing and TOTP run before the transaction; the transaction then
 * re-checks what another process may have changed meanwhile (a lock set by parallel failures, a
 * new password, MFA switched on), so parallel guesses cannot outrun the lockout.
 */
export function createLoginFlow(ctx: CoreContext) {
  const { store, clock, random, hasher, secrets } = ctx;
  /** Verified against when the email is unknown, so both failures take about as long. */
  let dummyHash: Promise<string> | null = null;

  async function unknownEmail(password: string): Promise<never> {
    dummyHash ??= hasher.hash('kbc-account timing equaliser');
    await hasher.verify(await dummyHash, password);
    // A wrong password for a real account also takes the store lock to count the failure; take it
    // here too so the two cases are harder to tell apart by their time.
    await store.transact(async () => undefined);
    throw invalidCredentials();
  }

  async function wrongPassword(accountId: string, front: LoginFront): Promise<never> {
    const now = clock.now();
    const lockEnd = await store.transact(async (tx) => {
      const account = await tx.get('accounts', accountId);
      if (!account) return null;
      const already = lockedUntil(account, now);
      if (already) return already;
      const until = registerFailure(account, now);
      await recordSecurityEvent(tx, now, random, accountId, 'login.failed', { via: front, reason: 'password' });
      if (until) await recordSecurityEvent(tx, now, random, accountId, 'login.locked', { until: iso(until) });
      return until;
    });
    if (lockEnd) throw lockedError(lockEnd);
    throw invalidCredentials();
  }

  return {
    /**
     * First login step. An unknown email and a wrong password give the same error after similar
     * work; a locked account is refused even with the right password (ACCOUNT_LOCKED with
     * `details.until`). With MFA on, the result is a sealed challenge for `completeMfaLogin`.
     */
    async login(input: { email: string; password: string; via?: LoginFront }): Promise<LoginResult> {
      const front = input.via ?? 'dashboard';
      const password = normalizePassword(input.password);
      let email: string;
      try {
        email = normalizeEmail(input.email);
      } catch {
        throw invalidCredentials();
      }
      const account = await store.view((view) => findAccountByEmail(view, email));
      if (!account) return unknownEmail(password);
      assertNotLocked(account, clock.now());
      if (!(await hasher.verify(account.passwordHash, password))) return wrongPassword(account.id, front);
      const rehash = hasher.needsRehash(account.passwordHash) ? await hasher.hash(password) : null;
      const now = clock.now();
      const outcome = await store.transact(async (tx): Promise<{ locked: Date } | { stale: true } | LoginResult> => {
        const draft = await tx.get('accounts', account.id);
        // The password changed between the check and now: the one just checked is no longer valid.
        if (!draft || draft.passwordChangedAt !== account.passwordChangedAt) return { stale: true };
        const locked = lockedUntil(draft, now);
        if (locked) return { locked };
        // Only replace the hash that was verified, never one a concurrent rehash already wrote.
        if (rehash && draft.passwordHash === account.passwordHash) draft.passwordHash = rehash;
        // The failure counter is not reset yet: knowing the password must not buy more code guesses.
        if (draft.mfa.enabled) return { status: 'mfa_required', challenge: sealChallenge(secrets, draft, now) };
        clearFailures(draft);
        await recordSecurityEvent(tx, now, random, draft.id, 'login.succeeded', { via: front });
        return { status: 'ok', session: { accountId: draft.id, email: draft.email } };
      });
      if ('stale' in outcome) throw invalidCredentials();
      if ('locked' in outcome) throw lockedError(outcome.locked);
      return outcome;
    },

    /**
     * Second login step: a TOTP code or a recovery code. A code is accepted once; wrong and reused
     * codes count toward the lockout. MFA_CHALLENGE_INVALID when the challenge expired, was
     * altered, or the password or MFA changed since. After a recovery code, the result says how
     * many are left, so the front end can suggest regenerating them (RECOVERY_CODES_LOW).
     */
    async completeMfaLogin(input: { challenge: string; code: string; via?: LoginFront }): Promise<MfaLoginResult> {
      const front = input.via ?? 'dashboard';
      const now = clock.now();
      const challenge = openChallenge(secrets, input.challenge, now);
      const account = await store.view((view) => view.get('accounts', challenge.a));
      if (!account || !challengeHolds(account, challenge)) throw challengeInvalid();
      assertNotLocked(account, now);
      const checked = await checkSecondFactor(secrets, account, input.code, now, LOGIN_ACCEPTS);
      if (checked.kind === 'rejected' && checked.code === 'MFA_CODE_MALFORMED') {
        throw secondFactorError(checked, { recoveryAccepted: LOGIN_ACCEPTS.allowRecovery, recoveryCodesLeft: recoveryCodesLeft(account.mfa) });
      }
      const outcome = await store.transact(async (tx): Promise<MfaOutcome> => {
        const draft = await tx.get('accounts', challenge.a);
        // The code was checked against this secret; a factor replaced meanwhile voids the attempt.
        if (!draft || !challengeHolds(draft, challenge) || draft.mfa.secret !== account.mfa.secret) return { kind: 'invalid' };
        const locked = lockedUntil(draft, now);
        if (locked) return { kind: 'locked', until: locked };
        const applied = applySecondFactor(draft, checked, now);
        if (!applied.ok) {
          const until = registerFailure(draft, now);
          await recordSecurityEvent(tx, now, random, draft.id, 'mfa.code_failed', { via: front, reason: applied.code });
          if (until) await recordSecurityEvent(tx, now, random, draft.id, 'login.locked', { until: iso(until) });
          return until ? { kind: 'locked', until } : { kind: 'failed', refused: applied, recoveryCodesLeft: recoveryCodesLeft(draft.mfa) };
        }
        clearFailures(draft);
        const left = applied.usedRecoveryCode ? recoveryCodesLeft(draft.mfa) : null;
        if (left !== null) await recordSecurityEvent(tx, now, random, draft.id, 'mfa.recovery_code_used', { via: front, left });
        await recordSecurityEvent(tx, now, random, draft.id, 'login.succeeded', { via: front, mfa: true });
        return { kind: 'ok', result: { accountId: draft.id, email: draft.email, recoveryCodesLeft: left } };
      });
      switch (outcome.kind) {
        case 'ok':
          return outcome.result;
        case 'invalid':
          throw challengeInvalid();
        case 'locked':
          throw lockedError(outcome.until);
        case 'failed':
          throw secondFactorError(outcome.refused, { recoveryAccepted: LOGIN_ACCEPTS.allowRecovery, recoveryCodesLeft: outcome.recoveryCodesLeft });
      }
    },
  };
}
