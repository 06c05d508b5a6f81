/** Text helpers for Block Kit: Slack date tokens, limits. Pure functions (escaping: escape.ts). */
import { escapeMrkdwn } from './escape.ts';

const MS_PER_DAY = 86_400_000;

/**
 * Cuts `value` to at most `max` characters, ending with `…` when cut. Slack's limits are counted
 * in characters that may be code points or UTF-16 units (an emoji is one and two): the result is
 * within `max` by both counts (UTF-16 units are never fewer), and never splits a code point.
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let units = 0;
  let cut = '';
  for (const char of value) {
    if (units + char.length > max - 1) break;
    units += char.length;
    cut += char;
  }
  return `${cut}…`;
}

/** `2026-01-22 09:00 UTC`: for plain text and as the fallback of a Slack date token. */
export function utcText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-01-22`. */
export function utcDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

/**
 * A mrkdwn date Slack shows in the reader's own time zone ("Jan 22nd at 9:00 AM"), with a UTC
 * fallback for clients that cannot.
 */
export function slackDate(iso: string): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${utcText(iso)}>`;
}

/** Like `slackDate`, the day only. */
export function slackDay(iso: string): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty}|${utcDay(iso)}>`;
}

/** Whole days from `now` until `iso`, rounded up (0 when past). */
export function daysUntil(iso: string, now: Date): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now.getTime()) / MS_PER_DAY));
}

/** `1 token`, `3 tokens`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Someone's own words (a request's reason, a rejection's) as a mrkdwn quote: cut to `max`
 * characters, escaped, and every line quoted, so a line break cannot end the quote early.
 */
export function quotedText(value: string, max: number): string {
  return `> ${escapeMrkdwn(truncate(value, max)).replace(/\n/g, '\n> ')}`;
}
