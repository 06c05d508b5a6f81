import { endOfUtcDay } from '../core/constants.ts';

/** Wrong arguments: the CLI exits 2 with this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A whole number as people write it in decimal: digits, perhaps after a minus sign. */
const INTEGER = /^-?[0-9]+$/;
/** A decimal number: digits, perhaps a fraction after a dot, perhaps a minus sign. No exponent, hex, spaces or plus sign. */
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * Parses a whole number from an option value: decimal digits only (`0x10`, `1e3`, `+5`, ` 12`
 * and `1.5` are refused, where Number() would take them), within the safe integer range, where
 * every whole number is exact. The core checks the option's own range (at least 1, at most 30 days…).
 */
export function integer(value: string, option: string): number {
  if (!INTEGER.test(value)) throw new UsageError(`${option} must be a whole number, got ${JSON.stringify(value)} (decimal digits only, e.g. 30)`);
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new UsageError(`${option} is out of range: ${value} is beyond ±${Number.MAX_SAFE_INTEGER}`);
  return number;
}

/** Parses a number (e.g. a usage reading) from an option value: decimal digits with an optional fraction, within the safe integer range. */
export function decimal(value: string, option: string): number {
  if (!DECIMAL.test(value)) throw new UsageError(`${option} must be a number, got ${JSON.stringify(value)} (decimal digits only, e.g. 12 or 12.5)`);
  const number = Number(value);
  if (!(Math.abs(number) <= Number.MAX_SAFE_INTEGER)) throw new UsageError(`${option} is out of range: ${value} is beyond ±${Number.MAX_SAFE_INTEGER}`);
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
  if (at < 0 || metric === '' || !DECIMAL.test(max) || !(Math.abs(Number(max)) <= Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(`--limit takes METRIC=MAX with MAX a number in decimal digits (e.g. storage_gb=10), got ${JSON.stringify(value)}`);
  }
  // An own entry even for "__proto__" (a computed key never sets the prototype); the core judges the name.
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
