export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export const iso = (date: Date): string => date.toISOString();
export const addMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);
export const addDays = (date: Date, days: number): Date => addMs(date, days * MS_PER_DAY);
export const isPast = (isoTime: string, now: Date): boolean => new Date(isoTime).getTime() <= now.getTime();
