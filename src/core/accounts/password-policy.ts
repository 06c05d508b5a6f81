import { dictionary } from '@zxcvbn-ts/language-common';
import { AccountError } from '../errors.ts';

/** NIST SP 800-63B: at least 8 characters, no composition rules, allow long passphrases. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

let common: Set<string> | null = null;

/** ~49k most common passwords from zxcvbn-ts's maintained list, loaded on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));
  return common;
}

/**
 * The form a password is hashed and checked in: Unicode NFKC, as NIST SP 800-63B advises, so the
 * same password typed on keyboards that compose characters differently still matches.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_COMMON' | 'PASSWORD_IS_EMAIL';

/**
 * The first rule `password` breaks, or null. Length counts code points of the normalised
 * password, so an emoji counts as one character although it takes two UTF-16 units.
 */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const length = [...normalizePassword(password)].length;
  if (length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  const folded = normalizePassword(password).trim().toLowerCase();
  if (folded === email.trim().toLowerCase()) return 'PASSWORD_IS_EMAIL';
  if (commonPasswords().has(folded)) return 'PASSWORD_TOO_COMMON';
  return null;
}

const MESSAGES: Record<PasswordProblem, string> = {
  PASSWORD_TOO_SHORT: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  PASSWORD_TOO_LONG: `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
  PASSWORD_TOO_COMMON: 'This password is too common; choose one that is harder to guess.',
  PASSWORD_IS_EMAIL: 'The password must not be your email address.',
};

/** Throws the AccountError for the first rule `password` breaks. */
export function assertPasswordAllowed(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) {
    throw new AccountError(problem, MESSAGES[problem], { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });
  }
}
