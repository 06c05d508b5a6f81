import type { ThrottlePolicy } from '../security/throttle.ts';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../shared/time.ts';

/** How long a link code can be used after it was issued, in minutes. */
export const LINK_CODE_TTL_MINUTES = 10;
/** Symbols in a link code (shown as two groups of four, `ABCD-EFGH`). */
export const LINK_CODE_LENGTH = 8;
/**
 * Upper-case letters and digits without the look-alikes 0/O, 1/I/L: 31 symbols, so a code carries
 * about 39.6 bits — far more than anyone can guess through Slack in ten minutes.
 */
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/**
 * An expired code is kept this many hours before it is pruned, so someone typing it late is told
 * "expired" rather than "unknown". Only its keyed hash is stored.
 */
export const EXPIRED_LINK_CODE_KEPT_HOURS = 24;
/** Longest Slack team or user id accepted (Slack's are about 9–11 characters). */
export const SLACK_ID_MAX_LENGTH = 32;

/**
 * Wrong link codes a Slack user may try: 5 free (without a quiet gap of 15 minutes), then waits of
 * 1, 2, 4 … at most 60 minutes, forgotten after 24 quiet hours.
 */
export const LINK_CODE_GUESS_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  windowMs: 15 * MS_PER_MINUTE,
  firstDelayMs: MS_PER_MINUTE,
  maxDelayMs: 60 * MS_PER_MINUTE,
  resetAfterMs: 24 * MS_PER_HOUR,
};

/** Links an operator listing reads per page, at most. */
export const SLACK_LINKS_PAGE_MAX = 500;

/** Longest Slack handle or workspace name kept, in characters (Slack's display names stop at 80). */
export const SLACK_NAME_MAX_LENGTH = 80;
