import { AccountError } from '../errors.ts';
import { checkText, textProblemMessage } from '../shared/text.ts';
import { addDays, MS_PER_DAY } from '../shared/time.ts';
import { TOKEN_DESCRIPTION_MAX_LENGTH, TOKEN_MAX_LIFETIME_DAYS, TOKEN_MIN_LIFETIME_DAYS } from './constants.ts';
import type { TokenExpiry } from './types.ts';

/** The trimmed description, 1–100 characters, or TOKEN_DESCRIPTION_INVALID. */
export function validTokenDescription(description: string): string {
  const rule = { min: 1, max: TOKEN_DESCRIPTION_MAX_LENGTH };
  const { text: trimmed, length, problem } = checkText(description, rule);
  if (problem) {
    throw new AccountError('TOKEN_DESCRIPTION_INVALID', textProblemMessage('A token description', problem, rule, length), {
      max: TOKEN_DESCRIPTION_MAX_LENGTH,
      length,
    });
  }
  return trimmed;
}

const expiryError = (message: string) =>
  new AccountError('TOKEN_EXPIRY_INVALID', message, { minDays: TOKEN_MIN_LIFETIME_DAYS, maxDays: TOKEN_MAX_LIFETIME_DAYS });

/** The earliest and the latest instant a token created at `now` may expire at (inclusive). */
export function tokenExpiryBounds(now: Date): { readonly earliest: Date; readonly latest: Date } {
  return { earliest: new Date(now.getTime() + TOKEN_MIN_LIFETIME_DAYS * MS_PER_DAY), latest: new Date(now.getTime() + TOKEN_MAX_LIFETIME_DAYS * MS_PER_DAY) };
}

/**
 * The expiry instant of a token created at `now`: 1–365 whole days ahead, or a date within
 * (now, now + 365 days]. Anything else, including no expiry at all, is TOKEN_EXPIRY_INVALID.
 */
export function tokenExpiresAt(expiry: TokenExpiry | Record<string, unknown>, now: Date): Date {
  if ('expiresInDays' in expiry && expiry.expiresInDays !== undefined) {
    const days = expiry.expiresInDays;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < TOKEN_MIN_LIFETIME_DAYS || days > TOKEN_MAX_LIFETIME_DAYS) {
      throw expiryError(`A token must expire in a whole number of days from ${TOKEN_MIN_LIFETIME_DAYS} to ${TOKEN_MAX_LIFETIME_DAYS}; got ${String(days)}.`);
    }
    return addDays(now, days);
  }
  if ('expiresAt' in expiry && expiry.expiresAt instanceof Date) {
    const at = expiry.expiresAt.getTime();
    if (Number.isNaN(at)) throw expiryError('The token expiry is not a valid date.');
    const { earliest, latest } = tokenExpiryBounds(now);
    if (at < earliest.getTime()) {
      throw expiryError(`A token must live at least ${TOKEN_MIN_LIFETIME_DAYS} day; pick a later date.`);
    }
    if (at > latest.getTime()) {
      throw expiryError(`A token may live at most ${TOKEN_MAX_LIFETIME_DAYS} days.`);
    }
    return new Date(at);
  }
  throw expiryError(`Tokens always expire: give an expiry of ${TOKEN_MIN_LIFETIME_DAYS}–${TOKEN_MAX_LIFETIME_DAYS} days.`);
}
