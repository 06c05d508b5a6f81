import { AccountError } from '../errors.ts';

/** RFC 5321's limit on a whole address. */
export const EMAIL_MAX_LENGTH = 254;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Trims and lower-cases an email, the account's identifier; throws INVALID_EMAIL when malformed. */
export function normalizeEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw new AccountError('INVALID_EMAIL', `"${input.trim()}" is not a valid email address.`, { email: input.trim() });
  }
  return email;
}
