import type { SecretBox } from '../crypto/secret-box.ts';
import type { Throttle } from '../store/schema.ts';
import type { DeepReadonly, Store, StoreReader, StoreTransaction, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { addMs, iso } from '../shared/time.ts';
import { ALL } from '../store/indexes.ts';

/**
 * Throttles of failed guesses, after OWASP ASVS 5.0 §6.3 / NIST 800-63B §5.2.2 and Keycloak's
 * brute-force detection: a few free failures, then each further attempt waits a delay that doubles
 * with every failure up to a cap, and the count is forgotten after a quiet period. No permanent
 * lock, so whoever can name the subject (anyone who knows an email) can slow its owner down but
 * never shut them out for longer than the cap after their last guess.
 *
 * Attempts are refused by a read (`waitUntil` on a `store.view`) while a delay runs, so a flood
 * of refused guesses takes no write lock; only a counted failure writes, and after the free ones
 * each counted failure buys the guesser a longer wait.
 */
export interface ThrottlePolicy {
  /** Failures that cost no wait, counted inside `windowMs`. */
  readonly freeFailures: number;
  /** The free failures must fall within this period (ms); older ones are forgotten. */
  readonly windowMs: number;
  /** Wait after the first failure beyond the free ones (ms); doubles with each further one. */
  readonly firstDelayMs: number;
  /** The longest wait (ms). */
  readonly maxDelayMs: number;
  /** Once a wait was imposed, the count is forgotten only after this long without a failure (ms). */
  readonly resetAfterMs: number;
}

/** What is throttled: the subject names it within its scope. */
export type ThrottleScope = 'login' | 'promo' | 'slack-link';

/** Expired throttles removed by one counted failure at most: the sweep runs inside request paths. */
const THROTTLE_SWEEP_BATCH = 50;

/**
 * The key of the throttle of `subject` (a normalised email, an account id, a Slack user id): a
 * keyed digest, so a copy of the store neither lists the emails people tried nor lets anyone
 * compute the key of an email without the secret key.
 */
export const throttleKey = (secrets: SecretBox, scope: ThrottleScope, subject: string): string =>
  `${scope}:${secrets.mac(`throttle\u001f${scope}\u001f${subject}`)}`;

/** The wait (ms) a record with `failures` counted failures imposes; 0 while they are free. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  const beyond = failures - policy.freeFailures;
  if (beyond < 0) return 0;
  // 2^beyond overflows nothing: it is capped long before the exponent matters.
  return Math.min(policy.firstDelayMs * 2 ** Math.min(beyond, 30), policy.maxDelayMs);
}

const isLive = (record: DeepReadonly<Throttle>, now: Date): boolean => new Date(record.expiresAt).getTime() > now.getTime();

/** The instant before which no attempt is checked, or null when one may be made at `now`. */
export function waitUntil(record: DeepReadonly<Throttle> | null, now: Date): Date | null {
  if (!record || record.retryAfter === null || !isLive(record, now)) return null;
  const until = new Date(record.retryAfter);
  return until.getTime() > now.getTime() ? until : null;
}

/** The throttle's wait at `now` read without a lock (for the check before any slow work). */
export async function readWait(reader: StoreReader, key: string, now: Date): Promise<Date | null> {
  return waitUntil(await (reader as StoreView).get('throttles', key), now);
}

/** The outcome of counting one failure. */
export interface CountedFailure {
  /** Failures counted, this one included. */
  readonly failures: number;
  /** The wait this failure imposed, or null while the failures are free. */
  readonly retryAfter: Date | null;
  /** True when this failure started the first wait of the record (one security event per trip). */
  readonly tripped: boolean;
}

/**
 * Counts a failure against `key` inside the caller's transaction. Returns null without counting
 * when a wait already runs (a parallel guess counted first): the caller refuses the attempt.
 */
export async function countFailure(tx: StoreTransaction, key: string, policy: ThrottlePolicy, now: Date): Promise<CountedFailure | null> {
  const found = await tx.get('throttles', key);
  if (waitUntil(found, now)) return null;
  const live = found && isLive(found, now) ? found : null;
  const failures = (live?.failures ?? 0) + 1;
  const delay = delayAfter(failures, policy);
  const retryAfter = delay > 0 ? addMs(now, delay) : null;
  // Free failures are kept for the window only, so one guess at each of many emails leaves no
  // lasting record; once a wait was imposed the count lasts until a quiet period has passed.
  const keep = retryAfter ? Math.max(policy.resetAfterMs, delay) : policy.windowMs;
  tx.put('throttles', key, { key, failures, lastFailureAt: iso(now), retryAfter: retryAfter && iso(retryAfter), expiresAt: iso(addMs(now, keep)) });
  await pruneThrottles(tx, now);
  return { failures, retryAfter, tripped: retryAfter !== null && (live?.retryAfter ?? null) === null };
}

/**
 * Counts one wrong guess in a transaction of its own and returns the wait the caller must refuse
 * with (started by this guess or by a parallel one), or null when the guess was still free.
 * `onTrip` runs in the same transaction when this guess started the record's first wait: one
 * security event per trip, however many guesses a flood sends.
 */
export async function countWrongGuess(
  store: Store,
  key: string,
  policy: ThrottlePolicy,
  now: Date,
  onTrip: (tx: StoreTransaction, counted: CountedFailure & { readonly retryAfter: Date }) => Promise<void>,
): Promise<Date | null> {
  return store.transact(async (tx) => {
    const counted = await countFailure(tx, key, policy, now);
    if (!counted) return readWait(tx, key, now);
    if (counted.tripped && counted.retryAfter) await onTrip(tx, { ...counted, retryAfter: counted.retryAfter });
    return counted.retryAfter;
  });
}

/** Forgets the throttle of `key` (a success, or an operator's unlock). */
export function clearThrottle(tx: StoreTransaction, key: string): void {
  tx.delete('throttles', key);
}

/** Drops throttles that were forgotten by now, the oldest first, a bounded batch per call. */
async function pruneThrottles(tx: StoreTransaction, now: Date): Promise<void> {
  const expired = await tx.page('throttles', 'expiry', { key: ALL, limit: THROTTLE_SWEEP_BATCH, before: iso(now) });
  for (const record of expired.items) tx.delete('throttles', record.key);
}

/** `until` as `YYYY-MM-DD HH:MM:SS UTC`, for core messages (front ends format `details` themselves). */
export const readableUtc = (until: Date): string => `${until.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * TOO_MANY_ATTEMPTS: `details.retryAfter` is the ISO instant the next attempt is checked, and
 * `details.scope` says what was throttled, so front ends can word it.
 */
export function tooManyAttempts(scope: ThrottleScope, retryAfter: Date): AccountError {
  const what = { login: 'sign-in attempts for this email', promo: 'promo codes tried', 'slack-link': 'link codes tried' }[scope];
  return new AccountError('TOO_MANY_ATTEMPTS', `Too many failed ${what}. Try again after ${readableUtc(retryAfter)}.`, {
    scope,
    retryAfter: iso(retryAfter),
  });
}
