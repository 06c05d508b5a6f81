import { AccountError } from '../errors.ts';
import { checkText } from '../shared/text.ts';
import type { PromoCode } from '../store/schema.ts';
import { validLimits } from '../projects/model.ts';
import { PROMO_CODE_PATTERN, PROMO_DESCRIPTION_MAX_LENGTH, PROMO_NAME_PREFIX_MAX_LENGTH, PROMO_PROJECT_MAX_LIFETIME_DAYS } from './constants.ts';
import type { CreatePromoInput } from './types.ts';

/** The stored (upper-cased) form of a code, or null when it cannot be a code at all. */
export function normalizePromoCode(code: string): string | null {
  const trimmed = code.trim();
  return PROMO_CODE_PATTERN.test(trimmed) ? trimmed.toUpperCase() : null;
}

const invalid = (field: string, message: string) => new AccountError('INVALID_INPUT', message, { field });

function validMaxUses(maxUses: number | null | undefined): number | null {
  if (maxUses === undefined || maxUses === null) return null;
  if (!Number.isInteger(maxUses) || maxUses < 1) throw invalid('maxUses', `The maximum number of uses must be a whole number of at least 1; got ${maxUses}.`);
  return maxUses;
}

function validExpiry(expiresAt: Date | null | undefined, now: Date): string | null {
  if (expiresAt === undefined || expiresAt === null) return null;
  if (Number.isNaN(expiresAt.getTime())) throw invalid('expiresAt', 'The code expiry is not a valid date.');
  if (expiresAt.getTime() <= now.getTime()) throw invalid('expiresAt', `The code expiry must be in the future; got ${expiresAt.toISOString()}.`);
  return expiresAt.toISOString();
}

function validProjectDays(days: number | null | undefined): number | null {
  if (days === undefined || days === null) return null;
  if (!Number.isInteger(days) || days < 1 || days > PROMO_PROJECT_MAX_LIFETIME_DAYS) {
    throw invalid('projectExpiresInDays', `The project lifetime must be a whole number of days from 1 to ${PROMO_PROJECT_MAX_LIFETIME_DAYS}; got ${days}.`);
  }
  return days;
}

function validNamePrefix(prefix: string | undefined): string {
  const value = prefix ?? '';
  if (value.length > PROMO_NAME_PREFIX_MAX_LENGTH || /^\s/.test(value) || /\p{Cc}/u.test(value)) {
    throw invalid('namePrefix', `The name prefix must be at most ${PROMO_NAME_PREFIX_MAX_LENGTH} characters, without control characters or leading spaces.`);
  }
  return value;
}

/** Checks everything an operator gives for a new code; returns the record to store (uses 0). */
export function validPromoCode(input: CreatePromoInput, now: Date): PromoCode {
  const code = normalizePromoCode(input.code);
  if (code === null) {
    throw new AccountError('PROMO_CODE_INVALID', `A promo code must be 3–32 letters, digits, "_" or "-"; got "${input.code}".`, { code: input.code });
  }
  const { text: description, problem } = checkText(input.description ?? '', { min: 0, max: PROMO_DESCRIPTION_MAX_LENGTH });
  if (problem === 'control_characters') throw invalid('description', 'The description must not contain control characters or line breaks.');
  if (problem) throw invalid('description', `The description must be at most ${PROMO_DESCRIPTION_MAX_LENGTH} characters.`);
  return {
    code,
    description,
    maxUses: validMaxUses(input.maxUses),
    uses: 0,
    expiresAt: validExpiry(input.expiresAt, now),
    createdAt: now.toISOString(),
    project: {
      namePrefix: validNamePrefix(input.project?.namePrefix),
      limits: validLimits(input.project?.limits ?? {}),
      expiresInDays: validProjectDays(input.project?.expiresInDays),
    },
  };
}
