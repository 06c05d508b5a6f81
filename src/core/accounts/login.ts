import type { CoreContext } from '../context.ts';
import type { Account } from '../store/schema.ts';
import type { DeepReadonly, KnownEntry } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { atOnce } from '../shared/at-once.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { applySecondFactor, checkSecondFactor, secondFactorError, type RefusedCode } from '../mfa/second-factor.ts';
import { normalizeEmail } from './email.ts';
import { normalizePassword } from './password-policy.ts';
import { findAccountByEmail } from './model.ts';
import { assertNotLocked, clearFailures, lockedError, lockedUntil, registerFailure } from './lockout.ts';
import { clearThrottle, countFailure, readWait, throttleKey, tooManyAttempts, waitUntil } from '../security/throttle.ts';
import { LOGIN_THROTTLE, MAX_FAILED_LOGINS } from './constants.ts';
import { challengeInvalid, openChallenge, sealChallenge, type MfaChallenge } from './challenge.ts';
import type { LoginResult, MfaLoginResult } from './types.ts';
import { recoveryCodesLeft } from '../mfa/recovery-codes.ts';
import type { SessionFront } from '../store/schema.ts';
import { endOtherSessions, staleSessionIds, startSession } from '../sessions/model.ts';

/** Which front end a login came through, recorded in the security activity and on the session. */
export type LoginFront = SessionFront;

/** Where a login came from when the front end does not say. */
const DEFAULT_FROM: Record<LoginFront, string> = { dashboard: 'local terminal', ssh: 'SSH', api: 'Management API', slack: 'Slack', cli: 'command line' };

/** One message for an unknown email and a wrong password, so neither reveals which accounts exist. */
export const invalidCredentials = () => new AccountError('INVALID_CREDENTIALS', 'The email or password is incorrect.');

type MfaOutcome =
  | { kind: 'ok'; result: MfaLoginResult }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: Date }
  | { kind: 'failed'; refused: RefusedCode; recoveryCodesLeft: number; attemptsLeft: number };

/** The login's second step takes an app code or, instead, an unused recovery code. */
const LOGIN_ACCEPTS = { allowRecovery: true } as const;

/** A challenge is void once the password changed or MFA was turned off after it was issued. */
const challengeHolds = (account: DeepReadonly<Account>, challenge: MfaChallenge) =>
  account.mfa.enabled && account.passwordChangedAt === challenge.pw;

/**
 * The two login steps. Hashing and TOTP run before the transaction; the transaction then
 * re-checks what another process may have changed meanwhile (a wait started by parallel failures,
 * a new password, MFA switched on), so parallel guesses cannot outrun the throttle.
 */
export function createLoginFlow(ctx: CoreContext) {
  const { store, clock, random, hasher, secrets } = ctx;
  /** Verified against when the email is unknown, so both failures take about as long. */
  let dummyHash: Promise<string> | null = null;

  async function verifyAgainstNothing(password: string): Promise<false> {
    dummyHash ??= hasher.hash('kbc-account timing equaliser');
    await hasher.verify(await dummyHash, password);
    return false;
  }

  /**
   * Counts a wrong password against the typed email's throttle, whether or not an account has
   * that email, in one transaction either way: the error, its details and the work are the same.
   * Only an existing account gets the attempt in its security activity (nobody else could see it).
   */
  async function wrongPassword(key: string, accountId: string | null, front: LoginFront, from: string): Promise<never> {
    const now = clock.now();
    const wait = await store.transact(async (tx) => {
      const counted = await countFailure(tx, key, LOGIN_THROTTLE, now);
      // A parallel guess started a wait first: this one is refused like any attempt during it.
      if (!counted) return readWait(tx, key, now);
      if (accountId && (await tx.get('accounts', accountId))) {
        await recordSecurityEvent(tx, now, random, accountId, 'login.failed', { via: front, from, reason: 'password' });
        if (counted.retryAfter) {
          await recordSecurityEvent(tx, now, random, accountId, 'login.throttled', { retryAfter: iso(counted.retryAfter), failures: counted.failures });
        }
      }
      return counted.retryAfter;
    });
    if (wait) throw tooManyAttempts('login', wait);
    throw invalidCredentials();
  }

  return {
    /**
     * First login step. Wrong passwords are throttled per email as typed, whether or not an
     * account has it: an unknown email and a wrong password give the same errors (INVALID_CREDENTIALS,
     * then TOO_MANY_ATTEMPTS with `details.retryAfter`) after the same work. While a wait runs the
     * attempt is refused before any hashing, even with the right password. An account locked by
     * wrong second-factor codes says so (ACCOUNT_LOCKED) only once the password was right. With
     * MFA on, the result is a sealed challenge for `completeMfaLogin`.
     */
    async login(input: { email: string; password: string; via?: LoginFront; from?: string }): Promise<LoginResult> {
      const front = input.via ?? 'dashboard';
      const from = input.from ?? DEFAULT_FROM[front];
      const password = normalizePassword(input.password);
      let email: string;
      try {
        email = normalizeEmail(input.email);
      } catch {
        throw invalidCredentials();
      }
      const key = throttleKey(secrets, 'login', email);
      // The same two reads for every email, before any hashing: a refused attempt costs no argon2.
      const [throttle, account] = await store.view((view) => atOnce([view.get('throttles', key), findAccountByEmail(view, email)]));
      const wait = waitUntil(throttle, clock.now());
      if (wait) throw tooManyAttempts('login', wait);
      // Read while argon2 runs on the thread pool: the sessions the sign-in ends, and the events it adds to.
      const during = account ? store.view((view) => atOnce([staleSessionIds(view, account.id, clock.now()), view.get('securityEvents', account.id)])) : null;
      // Unused when the password is wrong: its failure must not go unhandled.
      during?.catch(() => undefined);
      const verified = account ? await hasher.verify(account.passwordHash, password) : await verifyAgainstNothing(password);
      if (!account || !verified) return wrongPassword(key, account?.id ?? null, front, from);
      const [staleIds, events] = await during!;
      // Only someone who knows the password learns that wrong codes locked the account.
      assertNotLocked(account, clock.now());
      const rehash = hasher.needsRehash(account.passwordHash) ? await hasher.hash(password) : null;
      const now = clock.now();
      // What was read before argon2 is known to the transaction: checked, not read again, so that
      // the sign-in costs PostgreSQL one round trip after argon2 (run again when one changed).
      const known: KnownEntry[] = [
        { collection: 'accounts', id: account.id, entry: account },
        { collection: 'throttles', id: key, entry: throttle },
        { collection: 'securityEvents', id: account.id, entry: events },
      ];
      const outcome = await store.transact(async (tx): Promise<{ locked: Date } | { wait: Date } | { stale: true } | LoginResult> => {
        // Read at once: the account, its throttle, and the security events recordSecurityEvent
        // adds to below, which then finds them read.
        const [draft, waiting] = await atOnce([tx.get('accounts', account.id), readWait(tx, key, now), tx.get('securityEvents', account.id)]);
        // The password changed between the check and now: the one just checked is no longer valid.
        if (!draft || draft.passwordChangedAt !== account.passwordChangedAt) return { stale: true };
        // Parallel wrong guesses started a wait meanwhile: the right password waits like any other.
        if (waiting) return { wait: waiting };
        const locked = lockedUntil(draft, now);
        if (locked) return { locked };
        // The password was proven: its guesses are forgotten. Wrong codes count on the account.
        clearThrottle(tx, key);
        // Only replace the hash that was verified, never one a concurrent rehash already wrote.
        if (rehash && draft.passwordHash === account.passwordHash) draft.passwordHash = rehash;
        // The code failure counter is not reset yet: knowing the password must not buy more code guesses.
        if (draft.mfa.enabled) return { status: 'mfa_required', challenge: sealChallenge(secrets, draft, now) };
        clearFailures(draft);
        await recordSecurityEvent(tx, now, random, draft.id, 'login.succeeded', { via: front, from });
        const token = await startSession(tx, random, now, { accountId: draft.id, via: front, from }, staleIds);
        return { status: 'ok', session: { accountId: draft.id, email: draft.email, token } };
      }, { known });
      if ('stale' in outcome) throw invalidCredentials();
      if ('wait' in outcome) throw tooManyAttempts('login', outcome.wait);
      if ('locked' in outcome) throw lockedError(outcome.locked);
      return outcome;
    },

    /**
     * Second login step: a TOTP code or a recovery code. A code is accepted once; wrong and reused
     * codes count toward the lockout. MFA_CHALLENGE_INVALID when the challenge expired, was
     * altered, or the password or MFA changed since. After a recovery code, the result says how
     * many are left, so the front end can suggest regenerating them (RECOVERY_CODES_LOW).
     */
    async completeMfaLogin(input: { challenge: string; code: string; via?: LoginFront; from?: string }): Promise<MfaLoginResult> {
      const front = input.via ?? 'dashboard';
      const from = input.from ?? DEFAULT_FROM[front];
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
          await recordSecurityEvent(tx, now, random, draft.id, 'mfa.code_failed', { via: front, from, reason: applied.code });
          if (until) {
            await recordSecurityEvent(tx, now, random, draft.id, 'login.locked', { until: iso(until) });
            // Wrong codes after a right password: someone holds the password. Not a wait anyone could start.
            await endOtherSessions(random, tx, now, draft.id, 'locked');
          }
          // The password was proven, so how many codes are left reveals nothing to a stranger.
          return until
            ? { kind: 'locked', until }
            : { kind: 'failed', refused: applied, recoveryCodesLeft: recoveryCodesLeft(draft.mfa), attemptsLeft: MAX_FAILED_LOGINS - draft.failedLogins.length };
        }
        clearFailures(draft);
        const left = applied.usedRecoveryCode ? recoveryCodesLeft(draft.mfa) : null;
        if (left !== null) await recordSecurityEvent(tx, now, random, draft.id, 'mfa.recovery_code_used', { via: front, from, left });
        await recordSecurityEvent(tx, now, random, draft.id, 'login.succeeded', { via: front, from, mfa: true });
        const token = await startSession(tx, random, now, { accountId: draft.id, via: front, from });
        return { kind: 'ok', result: { accountId: draft.id, email: draft.email, token, recoveryCodesLeft: left } };
      });
      switch (outcome.kind) {
        case 'ok':
          return outcome.result;
        case 'invalid':
          throw challengeInvalid();
        case 'locked':
          throw lockedError(outcome.until);
        case 'failed': {
          const refused = secondFactorError(outcome.refused, { recoveryAccepted: LOGIN_ACCEPTS.allowRecovery, recoveryCodesLeft: outcome.recoveryCodesLeft });
          throw new AccountError(refused.code, refused.message, { ...refused.details, attemptsLeft: outcome.attemptsLeft });
        }
      }
    },
  };
}
