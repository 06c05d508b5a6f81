import type { FastifyReply } from 'fastify';
import { ApiError } from './errors.ts';

/** One key's window: when it started and how many requests it has counted. */
interface Window {
  start: number;
  count: number;
}

/**
 * Counts requests per key in fixed windows, in this process's memory, and refuses the ones over
 * `max` with 429 RATE_LIMITED and Retry-After. Every answer carries X-RateLimit-Limit, -Remaining
 * and -Reset (seconds), as GitHub's and Keboola's APIs send them.
 *
 * Synchronous on purpose: it runs on every API call, and @fastify/rate-limit's two awaits and its
 * callback store cost 6–13 % of a cached token verification (README › Performance). At most
 * `maxKeys` keys are kept: past it, expired windows go first, then the oldest.
 */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one request for `key` and sets the headers on `reply`; throws the 429 when over the limit. */
  take(key: string, reply: FastifyReply): void {
    const now = this.now();
    let window = this.#windows.get(key);
    if (window === undefined || now - window.start >= this.windowMs) {
      // A new window goes to the back of the map, so the map stays in order of window start.
      if (window !== undefined) this.#windows.delete(key);
      else if (this.#windows.size >= this.maxKeys) this.#evict(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    reply.header('x-ratelimit-limit', this.max);
    reply.header('x-ratelimit-remaining', Math.max(0, this.max - window.count));
    reply.header('x-ratelimit-reset', resetSeconds);
    if (window.count > this.max) {
      throw new ApiError(429, 'RATE_LIMITED', `Too many requests: at most ${this.max} per ${describeWindow(this.windowMs)}. Retry after the Retry-After seconds.`, undefined, {
        'retry-after': String(resetSeconds),
      });
    }
  }

  /** Room for one more key: the expired windows (at the front, oldest start first), else the oldest. */
  #evict(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start < this.windowMs) break;
      this.#windows.delete(key);
    }
    if (this.#windows.size >= this.maxKeys) this.#windows.delete(this.#windows.keys().next().value!);
  }

  /** How many keys it holds (for tests). */
  get size(): number {
    return this.#windows.size;
  }
}

/** "1 minute", "30 seconds", "2 hours": the window in an error message. */
function describeWindow(ms: number): string {
  const [unit, size] = ms % 3_600_000 === 0 ? ['hour', 3_600_000] : ms % 60_000 === 0 ? ['minute', 60_000] : ['second', 1000];
  const count = Math.max(1, Math.round(ms / size));
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
