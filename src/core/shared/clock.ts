/** Where the core gets the time. Domain code never calls `Date.now()` or `new Date()` itself. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to, for tests and the demo seed. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-15T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward; units add up (e.g. `{ days: 1, minutes: 5 }`). */
  advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number }): void {
    this.current +=
      (by.days ?? 0) * 86_400_000 + (by.hours ?? 0) * 3_600_000 + (by.minutes ?? 0) * 60_000 + (by.seconds ?? 0) * 1000 + (by.ms ?? 0);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
