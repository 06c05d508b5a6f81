import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.ts';
import { RateLimiter } from '../../src/api/rate-limit.ts';

/** A reply that only keeps its headers. */
function reply(): FastifyReply & { headers: Record<string, unknown> } {
  const headers: Record<string, unknown> = {};
  return { headers, header: (name: string, value: unknown) => (headers[name] = value) } as unknown as FastifyReply & { headers: Record<string, unknown> };
}

describe('RateLimiter', () => {
  it('keeps at most maxKeys keys: expired windows go first, then the oldest, and a key evicted counts afresh', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key, reply());
    now = 500;
    // Full, nothing expired: the oldest key ('a') makes room, and counts afresh when it comes back.
    limiter.take('d', reply());
    expect(limiter.size).toBe(3);
    limiter.take('a', reply());
    // 'a' came back as a new key; 'b' (then the oldest) made room for it, and 'c' is still counted.
    expect(() => limiter.take('c', reply())).toThrow(ApiError);
    now = 1499;
    // 'c' (started at 0) expired and goes; 'd' and 'a' (started at 500) are live and stay counted.
    limiter.take('e', reply());
    expect(limiter.size).toBe(3);
    expect(() => limiter.take('d', reply())).toThrow(ApiError);
    expect(() => limiter.take('a', reply())).toThrow(ApiError);
  });

  it('refuses with 429 RATE_LIMITED, Retry-After in whole seconds (at least 1), and hostile keys like constructor are ordinary keys', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 60_000, () => now);
    limiter.take('constructor', reply());
    limiter.take('__proto__', reply());
    now = 59_999;
    const refused = reply();
    let error: unknown;
    try {
      limiter.take('constructor', refused);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', headers: { 'retry-after': '1' } });
    expect(refused.headers).toEqual({ 'x-ratelimit-limit': 1, 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': 1 });
  });
});
