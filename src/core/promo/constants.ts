import type { ThrottlePolicy } from '../security/throttle.ts';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../shared/time.ts';

/** A promo code: 3–32 letters, digits, `_` or `-`; matched case-insensitively (stored upper-cased). */
export const PROMO_CODE_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;
export const PROMO_DESCRIPTION_MAX_LENGTH = 200;
/** The name prefix is put verbatim before the redeemer's project name. */
export const PROMO_NAME_PREFIX_MAX_LENGTH = 50;
/** Upper bound for the lifetime of a project created from a code, in days (10 years). */
export const PROMO_PROJECT_MAX_LIFETIME_DAYS = 3650;

/**
 * Unknown promo codes an account may try: 5 free (without a quiet gap of 15 minutes), then waits
 * of 1, 2, 4 … at most 60 minutes, forgotten after 24 quiet hours. Guessing a code of the
 * operator's choosing (`HACK2042`) is thus limited to a few dozen tries a day per account.
 */
export const PROMO_GUESS_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  windowMs: 15 * MS_PER_MINUTE,
  firstDelayMs: MS_PER_MINUTE,
  maxDelayMs: 60 * MS_PER_MINUTE,
  resetAfterMs: 24 * MS_PER_HOUR,
};
