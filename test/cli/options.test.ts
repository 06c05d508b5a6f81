import { describe, expect, it } from 'vitest';
import { isoDate, limitPair, UsageError } from '../../src/cli/usage-error.ts';

describe('parsing option values', () => {
  it('reads a date as the end of that day in UTC', () => {
    expect(isoDate('2026-12-31', '--expires-at').toISOString()).toBe('2026-12-31T23:59:59.999Z');
  });

  it('reads a date-time only with a zone, whatever the machine time zone', () => {
    expect(isoDate('2026-12-31T12:00:00Z', '--expires-at').toISOString()).toBe('2026-12-31T12:00:00.000Z');
    expect(isoDate('2026-12-31T12:00:00+02:00', '--expires-at').toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(() => isoDate('2026-12-31T12:00:00', '--expires-at')).toThrow(UsageError);
  });

  it('refuses impossible days instead of rolling them over', () => {
    for (const value of ['2026-02-30', '2026-13-01', '2026-02-30T10:00:00Z', 'tomorrow', '31.12.2026', '']) {
      expect(() => isoDate(value, '--expires-at')).toThrow(/--expires-at must be a date/);
    }
  });

  it('splits METRIC=MAX pairs and leaves judging them to the core', () => {
    expect(limitPair('users=5', limitPair('storage_gb=10.5'))).toEqual({ storage_gb: 10.5, users: 5 });
    expect(limitPair('storage_gb=-1')).toEqual({ storage_gb: -1 });
    for (const value of ['storage_gb', '=5', 'users=', 'users=five']) expect(() => limitPair(value)).toThrow(UsageError);
  });
});
