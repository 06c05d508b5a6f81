import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/core/outbox/backoff.ts';
import type { Random } from '../../../src/core/shared/random.ts';

const lowest: Random = { bytes: (length) => Buffer.alloc(length), int: () => 0 };
const highest: Random = { bytes: (length) => Buffer.alloc(length, 255), int: (max) => max - 1 };

describe('retry delay', () => {
  it('doubles from 5 s and stays within half to all of the ceiling', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, highest))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, lowest))).toEqual([2500, 5000, 10_000, 20_000]);
  });

  it('never exceeds 15 minutes however many attempts failed', () => {
    expect(retryDelayMs(9, highest)).toBe(900_000);
    expect(retryDelayMs(60, highest)).toBe(900_000);
    expect(retryDelayMs(1000, lowest)).toBe(450_000);
  });

  it("uses Slack's Retry-After when longer, up to an hour", () => {
    expect(retryDelayMs(1, highest, 30)).toBe(30_000);
    expect(retryDelayMs(1, highest, 2)).toBe(5000);
    expect(retryDelayMs(1, highest, 86_400)).toBe(3_600_000);
  });
});
