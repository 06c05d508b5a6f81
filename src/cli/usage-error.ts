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

/** Parses a `METRIC=MAX` pair, collecting repeats into one record. */
export function limitPair(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const match = /^([A-Za-z][\w.-]*)=(\d+(\.\d+)?)$/.exec(value.trim());
  if (!match) throw new UsageError(`--limit takes METRIC=MAX (e.g. storage_gb=10), got "${value}"`);
  return { ...previous, [match[1]!]: Number(match[2]) };
}

/** Parses an ISO date or date-time option. */
export function isoDate(value: string, option: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`${option} must be a date like 2026-12-31 or 2026-12-31T12:00:00Z, got "${value}"`);
  }
  return date;
}
