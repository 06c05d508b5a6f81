import type { Account } from '../store/schema.ts';
import { AccountError } from '../errors.ts';
import { addMs, iso, MS_PER_MINUTE } from '../shared/time.ts';
import { readableUtc } from '../security/throttle.ts';
import { FAILED_LOGIN_WINDOW_MINUTES, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './constants.ts';

/** The instant the account's lock ends, or null when it is not locked at `now`. */
export function lockedUntil(account: { readonly lockedUntil: string | null }, now: Date): Date | null {
  if (account.lockedUntil === null) return null;
  const until = new Date(account.lockedUntil);
  return until.getTime() > now.getTime() ? until : null;
}

/**
 * ACCOUNT_LOCKED saying until when; `details.until` is the ISO instant for front ends to format.
 * Only wrong second-factor codes lock an account, and only someone who proved the password (or
 * holds a session) is told: wrong passwords are throttled per typed email instead (see login.ts).
 */
export function lockedError(until: Date): AccountError {
  return new AccountError(
    'ACCOUNT_LOCKED',
    `Too many wrong authentication codes, so the account is locked until ${readableUtc(until)}. Try again then, or ask an operator to unlock it.`,
    { until: until.toISOString() },
  );
}

export function assertNotLocked(account: { readonly lockedUntil: string | null }, now: Date): void {
  const until = lockedUntil(account, now);
  if (until) throw lockedError(until);
}

/**
 * Counts a wrong second-factor code on `account` (a draft inside a transaction). Returns the lock
 * end when this failure locked the account.
 */
export function registerFailure(account: Account, now: Date): Date | null {
  const windowStart = now.getTime() - FAILED_LOGIN_WINDOW_MINUTES * MS_PER_MINUTE;
  account.failedLogins = account.failedLogins.filter((at) => new Date(at).getTime() > windowStart);
  account.failedLogins.push(iso(now));
  if (account.failedLogins.length < MAX_FAILED_LOGINS) return null;
  const until = addMs(now, LOCKOUT_MINUTES * MS_PER_MINUTE);
  account.lockedUntil = iso(until);
  account.failedLogins = [];
  return until;
}

export function clearFailures(account: Account): void {
  account.failedLogins = [];
  account.lockedUntil = null;
}
