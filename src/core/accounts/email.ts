import { AccountError } from '../errors.ts';

/** RFC 5321's limit on a whole address. */
export const EMAIL_MAX_LENGTH = 254;
/**
 * Something@domain.tld without spaces or control characters (an address with escape sequences
 * would rewrite the terminal it is printed on). Deliverability is the mail server's business.
 */
const EMAIL_PATTERN = /^[^\s@\p{Cc}]+@[^\s@.\p{Cc}]+(\.[^\s@.\p{Cc}]+)+$/u;
/** How much of a rejected input the error message repeats. */
const ECHO_MAX_LENGTH = 80;

/** Trims and lower-cases an email, the account's identifier; throws INVALID_EMAIL when malformed. */
export function normalizeEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) {
    const shown = input.trim().slice(0, ECHO_MAX_LENGTH);
    // JSON.stringify escapes control characters, so the message is safe to print anywhere.
    throw new AccountError('INVALID_EMAIL', `${JSON.stringify(shown)} is not a valid email address (expected name@example.com).`, {
      email: shown,
    });
  }
  return email;
}
