import type { ThrottlePolicy } from '../security/throttle.ts';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../shared/time.ts';

/**
 * Wrong second-factor codes (after the password was proven) inside the window that lock the
 * account; also the free password failures per typed email before sign-in waits.
 */
export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MINUTES = 15;
export const LOCKOUT_MINUTES = 15;
/** The first wait after MAX_FAILED_LOGINS wrong passwords for one email, in minutes; it doubles with each further one. */
export const LOGIN_FIRST_DELAY_MINUTES = 1;
/** The longest wait between password attempts for one email, in minutes. */
export const LOGIN_MAX_DELAY_MINUTES = 15;
/** After a wait was imposed, the failures of an email are forgotten after this many hours without one. */
export const LOGIN_THROTTLE_RESET_HOURS = 12;

/**
 * Wrong passwords, counted per email as typed (normalised) whether or not an account has it, so an
 * unknown email behaves exactly like a known one: 5 free failures (without a quiet gap of 15
 * minutes), then waits of 1, 2, 4, 8 and at most 15 minutes, forgotten after 12 quiet hours.
 */
export const LOGIN_THROTTLE: ThrottlePolicy = {
  freeFailures: MAX_FAILED_LOGINS,
  windowMs: FAILED_LOGIN_WINDOW_MINUTES * MS_PER_MINUTE,
  firstDelayMs: LOGIN_FIRST_DELAY_MINUTES * MS_PER_MINUTE,
  maxDelayMs: LOGIN_MAX_DELAY_MINUTES * MS_PER_MINUTE,
  resetAfterMs: LOGIN_THROTTLE_RESET_HOURS * MS_PER_HOUR,
};

/** How long the MFA step may follow a correct password. */
export const MFA_CHALLENGE_MINUTES = 5;
export const RECOVERY_CODE_COUNT = 10;
/** At or below this many unused recovery codes, front ends suggest regenerating them. */
export const RECOVERY_CODES_LOW = 3;
export const ACCOUNT_NAME_MAX_LENGTH = 100;
