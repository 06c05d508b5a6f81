import { format, formatDistance, formatDistanceStrict } from 'date-fns';
import { cellWidth, fitLine } from './safe-text.ts';

/*
 * One zone for every date and time on the dashboard: the zone of the process that draws it (TZ,
 * else the system's), which over SSH is the server's. Times say which zone they are in; a day
 * typed in a form is read in the same zone (token-expiry.ts).
 */

/** The zone's name, e.g. "Pacific/Auckland" or "UTC". */
export const zoneName = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zone's short label at `at` (it changes with daylight saving): "GMT+13", "CET", "UTC". */
export const zoneLabel = (at: Date): string =>
  new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? zoneName();

/** "14:05 GMT+13": the time of day, and in which zone. */
export const clockTime = (at: Date): string => `${format(at, 'HH:mm')} ${zoneLabel(at)}`;

/** "15 Jan 2026, 14:05 GMT+13". */
export const dateTime = (at: Date | string): string => {
  const date = new Date(at);
  return `${format(date, 'd MMM yyyy, HH:mm')} ${zoneLabel(date)}`;
};

/** "Thu 15 Jan 2026, 14:05:07 GMT+13 (Pacific/Auckland)": to the second, the zone named in full. */
export const exactTime = (at: Date | string): string => {
  const date = new Date(at);
  const label = zoneLabel(date);
  return `${format(date, 'EEE d MMM yyyy, HH:mm:ss')} ${label}${label === zoneName() ? '' : ` (${zoneName()})`}`;
};

/** "15 Jan 2026": the day in the dashboard's zone. */
export const day = (at: Date | string): string => format(new Date(at), 'd MMM yyyy');

/** "3 minutes ago" / "in 2 days", relative to `now` (the core's clock). */
export const relative = (at: Date | string, now: Date): string => formatDistance(new Date(at), now, { addSuffix: true });

/** "locked until 14:05 (in 15 minutes)"; exact minutes, so a short lock does not read "less than a minute". */
export function lockedUntilText(until: Date, now: Date): string {
  const wait = until.getTime() > now.getTime() ? formatDistanceStrict(until, now, { unit: 'minute', roundingMethod: 'ceil' }) : '0 minutes';
  return `locked until ${clockTime(until)} (in ${wait})`;
}

/** "Try again at 20:53 (in 4 minutes)": when a throttled attempt may be made again. */
export function retryText(retryAfter: Date, now: Date): string {
  const wait = retryAfter.getTime() > now.getTime() ? formatDistanceStrict(retryAfter, now, { unit: 'minute', roundingMethod: 'ceil' }) : '0 minutes';
  return `Try again at ${clockTime(retryAfter)} (in ${wait})`;
}

/**
 * `text` made one safe line (tabs, line breaks and control characters gone) and cut or padded to
 * exactly `width` cells, keeping one space as a gap before the next column. Cells, not
 * characters: a wide character (CJK, most emoji) takes two.
 */
export function pad(text: string, width: number): string {
  const line = fitLine(text, Math.max(1, width - 1));
  return line + ' '.repeat(Math.max(0, width - cellWidth(line)));
}
