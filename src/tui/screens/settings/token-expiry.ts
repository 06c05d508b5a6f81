import { addDays, endOfDay, format, startOfDay } from 'date-fns';
import { TOKEN_EXPIRY_CHOICES_DAYS, TOKEN_MAX_LIFETIME_DAYS, TOKEN_MIN_LIFETIME_DAYS, tokenExpiryBounds, type TokenExpiry } from '../../../core/index.ts';
import { zoneLabel, zoneName } from '../../format.ts';

/** One of the offered lifetimes in days, or a date the user types. */
export type ExpiryChoice = (typeof TOKEN_EXPIRY_CHOICES_DAYS)[number] | 'custom';

export const EXPIRY_CHOICES: readonly ExpiryChoice[] = [...TOKEN_EXPIRY_CHOICES_DAYS, 'custom'];

export const expiryChoiceLabel = (choice: ExpiryChoice): string => (choice === 'custom' ? 'Custom date' : `${choice} days`);

export const DATE_FORMAT_PROBLEM = 'Enter the date as YYYY-MM-DD (year, month, day).';
export const noSuchDay = (text: string): string => `There is no such day as ${text}; check the month and the day.`;

/** A day as typed in the form. */
const isoDay = (at: Date): string => format(at, 'yyyy-MM-dd');

/**
 * The days a token created at `now` may be set to expire on, in the dashboard's zone: a day means
 * the end of that day there, so the first is the day the shortest lifetime ends on, and the last
 * the latest day whose end is still within the longest (the core's bounds, tokenExpiryBounds).
 */
export function expiryDayRange(now: Date): { readonly first: Date; readonly last: Date } {
  const { earliest, latest } = tokenExpiryBounds(now);
  const lastDay = startOfDay(latest);
  return { first: startOfDay(earliest), last: endOfDay(lastDay).getTime() > latest.getTime() ? addDays(lastDay, -1) : lastDay };
}

/** "At the end of that day (23:59 GMT+13, Pacific/Auckland): from 2026-01-16 to 2027-01-14." */
export function expiryDateHint(now: Date): string {
  const { first, last } = expiryDayRange(now);
  return `At the end of that day (23:59 ${zoneLabel(endOfDay(first))}, ${zoneName()}): from ${isoDay(first)} to ${isoDay(last)}.`;
}

/** Why a day outside the range cannot be chosen, naming the range the hint shows. */
export function outOfRange(day: Date, now: Date): string {
  const { first, last } = expiryDayRange(now);
  const range = `Pick a day from ${isoDay(first)} to ${isoDay(last)}`;
  if (day.getTime() < first.getTime()) {
    return day.getTime() < startOfDay(now).getTime() ? `That day has passed. ${range}.` : `${range}: a token lives at least ${TOKEN_MIN_LIFETIME_DAYS} day.`;
  }
  return `${range}: a token lives at most ${TOKEN_MAX_LIFETIME_DAYS} days.`;
}

/** The day typed as YYYY-MM-DD, in the dashboard's zone; null when there is no such day. */
function localDay(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isoDay(day) === text ? day : null;
}

/**
 * The core's expiry input for what the form holds, or the words for what is wrong with it. A
 * date means the end of that day in the dashboard's zone (the zone every date on screen is in),
 * and must lie in expiryDayRange, which the form's hint shows: hint, check and message agree.
 */
export function readExpiry(
  choice: ExpiryChoice,
  dateText: string,
  now: Date,
): { readonly ok: true; readonly expiry: TokenExpiry } | { readonly ok: false; readonly problem: string } {
  if (choice !== 'custom') return { ok: true, expiry: { expiresInDays: choice } };
  const text = dateText.trim();
  const day = localDay(text);
  if (!day) return { ok: false, problem: /^\d{4}-\d{2}-\d{2}$/.test(text) ? noSuchDay(text) : DATE_FORMAT_PROBLEM };
  const { first, last } = expiryDayRange(now);
  if (day.getTime() < first.getTime() || day.getTime() > last.getTime()) return { ok: false, problem: outOfRange(day, now) };
  return { ok: true, expiry: { expiresAt: endOfDay(day) } };
}
