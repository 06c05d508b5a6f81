import { AccountError, type ErrorCode } from '../errors.ts';
import { estimateStrength, isCommonPassword, WEAK_REASONS, type PasswordOwner, type WeakReason } from './password-strength.ts';

export { loadEstimator as preparePasswordPolicy, PASSWORD_MIN_SCORE, type PasswordOwner, type WeakReason } from './password-strength.ts';

/** NIST SP 800-63B: at least 8 characters, no composition rules, allow long passphrases. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The form a password is hashed and checked in: Unicode NFKC, as NIST SP 800-63B advises, so the
 * same password typed on keyboards that compose characters differently still matches.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export type PasswordProblemCode = Extract<
  ErrorCode,
  'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_IS_EMAIL' | 'PASSWORD_TOO_COMMON' | 'PASSWORD_TOO_WEAK'
>;

/** The first rule a password breaks: its error code, a sentence to show, and what the sentence used. */
export interface PasswordProblem {
  readonly code: PasswordProblemCode;
  readonly message: string;
  /** For PASSWORD_TOO_WEAK: why zxcvbn estimates it guessable. */
  readonly reason: WeakReason | null;
}

const MESSAGES: Record<Exclude<PasswordProblemCode, 'PASSWORD_TOO_WEAK'>, string> = {
  PASSWORD_TOO_SHORT: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  PASSWORD_TOO_LONG: `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
  PASSWORD_IS_EMAIL: 'The password must not be your email address.',
  PASSWORD_TOO_COMMON: 'This password is too common; choose one that is harder to guess.',
};

const broken = (code: Exclude<PasswordProblemCode, 'PASSWORD_TOO_WEAK'>): PasswordProblem => ({ code, message: MESSAGES[code], reason: null });

/**
 * The first rule `password` breaks, or null: length (8–256 code points of the normalised
 * password, so an emoji counts as one), not the email, not on the common-password list, and
 * zxcvbn's estimate at least PASSWORD_MIN_SCORE with the owner's email, its parts, the display
 * name and the service's own words as user inputs. No composition rules. The first call loads
 * the dictionaries (see `preparePasswordPolicy`); later ones take a few milliseconds.
 */
export async function passwordProblem(password: string, owner: PasswordOwner): Promise<PasswordProblem | null> {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return broken('PASSWORD_TOO_SHORT');
  if (length > PASSWORD_MAX_LENGTH) return broken('PASSWORD_TOO_LONG');
  const folded = normalized.trim().toLowerCase();
  if (folded === owner.email.trim().toLowerCase()) return broken('PASSWORD_IS_EMAIL');
  if (await isCommonPassword(folded)) return broken('PASSWORD_TOO_COMMON');
  const { reason } = await estimateStrength(normalized, owner);
  return reason ? { code: 'PASSWORD_TOO_WEAK', message: WEAK_REASONS[reason], reason } : null;
}

/** Throws the AccountError for the first rule `password` breaks (`details.reason` for a weak one). */
export async function assertPasswordAllowed(password: string, owner: PasswordOwner): Promise<void> {
  const problem = await passwordProblem(password, owner);
  if (problem) {
    throw new AccountError(problem.code, problem.message, {
      min: PASSWORD_MIN_LENGTH,
      max: PASSWORD_MAX_LENGTH,
      ...(problem.reason ? { reason: problem.reason } : {}),
    });
  }
}
