import { endOfUtcDay, TOKEN_EXPIRY_CHOICES_DAYS, type TokenExpiry } from '../../../core/index.ts';

/** One of the offered lifetimes in days, or a date the user types. */
export type ExpiryChoice = (typeof TOKEN_EXPIRY_CHOICES_DAYS)[number] | 'custom';

export const EXPIRY_CHOICES: readonly ExpiryChoice[] = [...TOKEN_EXPIRY_CHOICES_DAYS, 'custom'];

export const expiryChoiceLabel = (choice: ExpiryChoice): string => (choice === 'custom' ? 'Custom date' : `${choice} days`);

export const DATE_FORMAT_PROBLEM = 'Enter the date as YYYY-MM-DD (year, month, day).';
export const noSuchDay = (text: string): string => `There is no such day as ${text}; check the month and the day.`;

/**
 * The core's expiry input for what the form holds, or the words for what is wrong with it. A
 * date means the end of that day (UTC), as in Slack; whether it is in range is the core's to judge.
 */
export function readExpiry(choice: ExpiryChoice, dateText: string): { readonly ok: true; readonly expiry: TokenExpiry } | { readonly ok: false; readonly problem: string } {
  if (choice !== 'custom') return { ok: true, expiry: { expiresInDays: choice } };
  const day = dateText.trim();
  const at = endOfUtcDay(day);
  if (at) return { ok: true, expiry: { expiresAt: at } };
  return { ok: false, problem: /^\d{4}-\d{2}-\d{2}$/.test(day) ? noSuchDay(day) : DATE_FORMAT_PROBLEM };
}
