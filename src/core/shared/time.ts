export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export const iso = (date: Date): string => date.toISOString();
export const addMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);
export const addDays = (date: Date, days: number): Date => addMs(date, days * MS_PER_DAY);
export const isPast = (isoTime: string, now: Date): boolean => new Date(isoTime).getTime() <= now.getTime();

/**
 * The last millisecond (UTC) of a calendar day given as `YYYY-MM-DD`, or null when it is not a
 * real day (2026-02-30 does not roll over). "Expires on 31 Dec" means it still works on 31 Dec.
 */
export function endOfUtcDay(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const end = new Date(`${day}T23:59:59.999Z`);
  return !Number.isNaN(end.getTime()) && end.toISOString().slice(0, 10) === day ? end : null;
}
