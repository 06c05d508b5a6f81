import { endOfUtcDay } from '../core/index.ts';

/** Wrong arguments: the CLI exits 2 with this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses a whole number from an option value; the core checks its range. */
export function integer(value: string, option: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${option} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Parses a number (e.g. a usage reading) from an option value. */
export function decimal(value: string, option: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`${option} must be a number, got "${value}"`);
  return number;
}

/**
 * Splits a `METRIC=MAX` pair, collecting repeats into one record. Only the shape is checked
 * here; the core judges metric names and values (INVALID_LIMIT).
 */
export function limitPair(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const at = value.indexOf('=');
  const metric = value.slice(0, at).trim();
  const max = value.slice(at + 1).trim();
  if (at < 0 || metric === '' || max === '' || !Number.isFinite(Number(max))) {
    throw new UsageError(`--limit takes METRIC=MAX (e.g. storage_gb=10), got "${value}"`);
  }
  return { ...previous, [metric]: Number(max) };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a date option: `YYYY-MM-DD` means the END of that day in UTC (an expiry "on 31 Dec"
 * still works on 31 Dec), or a date-time with `Z` or an offset. A time without a zone would
 * depend on the machine's time zone, and an impossible day (2026-02-30) would silently roll
 * over; both are refused.
 */
export function isoDate(value: string, option: string): Date {
  const text = value.trim();
  const refuse = () =>
    new UsageError(`${option} must be a date like 2026-12-31 (end of that day, UTC) or 2026-12-31T12:00:00Z, got "${value}"`);
  if (DATE_ONLY.test(text)) {
    const end = endOfUtcDay(text);
    if (!end) throw refuse();
    return end;
  }
  const date = new Date(text);
  if (!DATE_TIME.test(text) || Number.isNaN(date.getTime())) throw refuse();
  // Round-trip the calendar day so 2026-02-30T10:00:00Z is refused too.
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shiftMs = offset ? (offset[1] === '+' ? 1 : -1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  if (new Date(date.getTime() + shiftMs).toISOString().slice(0, 10) !== text.slice(0, 10)) throw refuse();
  return date;
}
