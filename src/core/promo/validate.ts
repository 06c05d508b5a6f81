import { AccountError } from '../errors.ts';
import { checkText, forbiddenCharacters, quoted, textProblemMessage } from '../shared/text.ts';
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
  // A safe integer: beyond 2^53 a count cannot be incremented exactly, and the store refuses it.
  if (!Number.isSafeInteger(maxUses) || maxUses < 1) {
    throw invalid('maxUses', `The maximum number of uses must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}; got ${maxUses}.`);
  }
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

/** The prefix as given (a trailing space is part of it): no leading space, control or invisible formatting characters. */
function validNamePrefix(prefix: string | undefined): string {
  const value = prefix ?? '';
  const rule = { min: 0, max: PROMO_NAME_PREFIX_MAX_LENGTH };
  const forbidden = forbiddenCharacters(value);
  if (forbidden) throw invalid('namePrefix', textProblemMessage('The name prefix', forbidden, rule));
  if ([...value].length > PROMO_NAME_PREFIX_MAX_LENGTH || /^\s/.test(value)) {
    throw invalid('namePrefix', `The name prefix must be at most ${PROMO_NAME_PREFIX_MAX_LENGTH} characters, without leading spaces.`);
  }
  return value;
}

/** Checks everything an operator gives for a new code; returns the record to store (uses 0). */
export function validPromoCode(input: CreatePromoInput, now: Date): PromoCode {
  const code = normalizePromoCode(input.code);
  if (code === null) {
    throw new AccountError('PROMO_CODE_INVALID', `A promo code must be 3–32 letters, digits, "_" or "-"; got ${quoted(String(input.code))}.`, { code: input.code });
  }
  const descriptionRule = { min: 0, max: PROMO_DESCRIPTION_MAX_LENGTH };
  const { text: description, length, problem } = checkText(input.description ?? '', descriptionRule);
  if (problem) throw invalid('description', textProblemMessage('The description', problem, descriptionRule, length));
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
