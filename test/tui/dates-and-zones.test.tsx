// Every date on the dashboard is in one zone, named: here one far from UTC, where a day read as UTC shows as the next.
process.env.TZ = 'Pacific/Auckland';

import { afterEach, describe, expect, it } from 'vitest';
import { AccountError } from '../../src/core/index.ts';
import { clockTime, dateTime, day, exactTime } from '../../src/tui/format.ts';
import { describeError } from '../../src/tui/messages.ts';
import { expiryDateHint, readExpiry } from '../../src/tui/screens/settings/token-expiry.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

/** 22:00 on 15 Jan 2026 in Auckland (NZDT, GMT+13). */
const NOW = new Date('2026-01-15T09:00:00.000Z');

describe('dates in one named zone (TZ=Pacific/Auckland)', () => {
  it('names the zone in every time shown', () => {
    expect(clockTime(NOW)).toBe('22:00 GMT+13');
    expect(dateTime(NOW)).toBe('15 Jan 2026, 22:00 GMT+13');
    expect(exactTime(NOW)).toBe('Thu 15 Jan 2026, 22:00:00 GMT+13 (Pacific/Auckland)');
    // Winter there: the label follows daylight saving.
    expect(dateTime('2026-07-01T00:00:00.000Z')).toBe('1 Jul 2026, 12:00 GMT+12');
  });

  it('reads a typed day as the end of that day in the same zone, so it shows as the day typed', () => {
    const read = readExpiry('custom', '2027-01-10', NOW);
    if (!read.ok || !('expiresAt' in read.expiry)) throw new Error('expected a date');
    expect(read.expiry.expiresAt.toISOString()).toBe('2027-01-10T10:59:59.999Z');
    expect(day(read.expiry.expiresAt)).toBe('10 Jan 2027');
  });

  it('offers exactly the days it accepts: the hint’s first and last days pass, the next ones are refused in the hint’s words', () => {
    // The latest instant is 365 days on, 22:00 on 15 Jan 2027: the end of 15 Jan is past it.
    expect(expiryDateHint(NOW)).toBe('At the end of that day (23:59 GMT+13, Pacific/Auckland): from 2026-01-16 to 2027-01-14.');
    expect(readExpiry('custom', '2026-01-16', NOW).ok).toBe(true);
    expect(readExpiry('custom', '2027-01-14', NOW).ok).toBe(true);
    expect(readExpiry('custom', '2027-01-15', NOW)).toEqual({ ok: false, problem: 'Pick a day from 2026-01-16 to 2027-01-14: a token lives at most 365 days.' });
    expect(readExpiry('custom', '2026-01-15', NOW)).toEqual({ ok: false, problem: 'Pick a day from 2026-01-16 to 2027-01-14: a token lives at least 1 day.' });
    expect(readExpiry('custom', '2025-12-24', NOW)).toEqual({ ok: false, problem: 'That day has passed. Pick a day from 2026-01-16 to 2027-01-14.' });
  });

  it('says in which zone an account is locked until', () => {
    const error = new AccountError('ACCOUNT_LOCKED', 'locked', { until: '2026-01-15T09:15:00.000Z' });
    expect(describeError(error, NOW)).toContain('locked until 22:15 GMT+13 (in 15 minutes)');
  });

  it('creates a token expiring on the day typed, and every screen after says that day', async () => {
    const { core } = testCore(NOW.toISOString());
    const accountId = await makeAccount(core, 'tz@example.com');
    harness = await renderDashboard(core);
    await login(harness, 'tz@example.com', PASSWORD);
    await harness.waitFor('Your projects');
    await harness.press('t');
    await harness.press(KEY.enter);
    await harness.press('n');
    await harness.waitFor('New Management API token');
    await harness.press('Until January');
    await harness.press(KEY.tab);
    for (let step = 0; step < 3; step += 1) await harness.press(KEY.right);
    await harness.press(KEY.enter);
    await harness.waitFor('❯ Expires on');
    // The hint wraps beside the section menu: its words are read around the menu's rows.
    expect(flat(harness.frame())).toMatch(/from\b.*\b2026-01-16 to 2027-01-14\./);
    await harness.press('2027-01-14');
    await harness.press(KEY.enter);
    const created = flat(await harness.waitFor('✔ Token created'));
    expect(created).toContain('Expires 14 Jan 2027, 23:59 GMT+13');
    await harness.press(KEY.enter);
    await harness.waitFor('it expires on 14 Jan 2027.');
    const [token] = await core.tokens.list(accountId);
    expect(token?.expiresAt).toBe('2027-01-14T10:59:59.999Z');
  });
});
