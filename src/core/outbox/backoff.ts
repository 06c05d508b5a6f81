import type { Random } from '../shared/random.ts';
import {
  OUTBOX_BACKOFF_BASE_SECONDS,
  OUTBOX_BACKOFF_MAX_SECONDS,
  OUTBOX_RETRY_AFTER_MAX_SECONDS,
} from './constants.ts';

const JITTER_STEPS = 1000;

/**
 * Milliseconds to wait after the `attempts`-th failed attempt (1 for the first failure).
 * Exponential — OUTBOX_BACKOFF_BASE_SECONDS × 2^(attempts−1), capped at OUTBOX_BACKOFF_MAX_SECONDS —
 * with "equal jitter": a uniform value in [half, whole] of that, so workers that failed together
 * (a Slack outage) do not all retry in the same second. A Slack `Retry-After` (seconds) wins when
 * it is longer, up to OUTBOX_RETRY_AFTER_MAX_SECONDS.
 */
export function retryDelayMs(attempts: number, random: Random, retryAfterSeconds?: number): number {
  const exponent = Math.max(0, attempts - 1);
  const ceilingMs = Math.min(OUTBOX_BACKOFF_BASE_SECONDS * 2 ** exponent, OUTBOX_BACKOFF_MAX_SECONDS) * 1000;
  const jittered = Math.round(ceilingMs / 2 + (ceilingMs / 2) * (random.int(JITTER_STEPS + 1) / JITTER_STEPS));
  const slackAsksMs = Math.min(retryAfterSeconds ?? 0, OUTBOX_RETRY_AFTER_MAX_SECONDS) * 1000;
  return Math.max(jittered, slackAsksMs);
}
