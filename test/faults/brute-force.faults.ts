import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS, openCore, type Core } from '../../src/core/index.ts';
import { PASSWORD, tempDataDir } from '../support/core.ts';
import { startFaultWorker } from './support/processes.ts';
import { recordCounts } from './support/summary.ts';

/**
 * Two dashboards (two processes, each with its own core on one data directory, the real argon2
 * hasher) guess one account's password at the same time. The email's throttle lives in the shared
 * file, so together they get exactly MAX_FAILED_LOGINS counted guesses: the first
 * MAX_FAILED_LOGINS - 1 say INVALID_CREDENTIALS, the last one starts a wait, every other guess and
 * then the right password are refused with TOO_MANY_ATTEMPTS, in both processes and in a third.
 */
const EMAIL = 'ann@example.com';
const ROUNDS = 3;
const GUESSES_PER_PROCESS = 6;
/** Guesses in flight at once inside each process (as two terminals of one dashboard user). */
const IN_FLIGHT = 2;

interface Outcome {
  readonly wrong: string[];
  readonly right: string;
}

async function eventsOf(core: Core, accountId: string, type: string): Promise<number> {
  return (await core.accounts.securityActivity(accountId, 200)).filter((event) => event.type === type).length;
}

describe('password guessing from two processes at once', () => {
  it(`shares one failure counter: exactly ${MAX_FAILED_LOGINS} guesses are counted, then everyone waits`, async () => {
    const dataDir = await tempDataDir();
    const core = await openCore({ dataDir, env: {} });
    const accountId = (await core.accounts.create({ email: EMAIL, password: PASSWORD })).id;
    let guesses = 0;
    let counted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const failedBefore = await eventsOf(core, accountId, 'login.failed');
      const throttledBefore = await eventsOf(core, accountId, 'login.throttled');
      const startFile = join(dataDir, `go-${round}`);
      const config = (n: number) => ({
        start: new Date().toISOString(),
        startFile,
        argon2: true,
        email: EMAIL,
        wrong: Array.from({ length: GUESSES_PER_PROCESS }, (_, i) => `wrong guess ${n}.${i}`),
        right: PASSWORD,
        concurrency: IN_FLIGHT,
      });
      const dashboards = [startFaultWorker('guess', dataDir, config(1)), startFaultWorker('guess', dataDir, config(2))];
      await Promise.all(dashboards.map((dashboard) => dashboard.ready));
      await writeFile(startFile, '');
      const outcomes = await Promise.all(
        dashboards.map(async (dashboard) => {
          expect(await dashboard.exited, dashboard.stderr()).toEqual({ code: 0, signal: null });
          return JSON.parse(dashboard.lines.find((line) => line.startsWith('{')) ?? 'null') as Outcome;
        }),
      );

      const wrong = outcomes.flatMap((outcome) => outcome.wrong);
      expect(wrong).toHaveLength(2 * GUESSES_PER_PROCESS);
      // Only the two codes; never a success or an unexpected failure.
      expect(wrong.filter((code) => code !== 'INVALID_CREDENTIALS' && code !== 'TOO_MANY_ATTEMPTS')).toEqual([]);
      expect(wrong.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(MAX_FAILED_LOGINS - 1);
      expect(wrong.filter((code) => code === 'TOO_MANY_ATTEMPTS')).toHaveLength(2 * GUESSES_PER_PROCESS - (MAX_FAILED_LOGINS - 1));
      // The right password is refused during the wait, in both dashboards and in a third process.
      expect(outcomes.map((outcome) => outcome.right)).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
      await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      // Exactly MAX_FAILED_LOGINS guesses were counted, and the wait was started once.
      expect((await eventsOf(core, accountId, 'login.failed')) - failedBefore).toBe(MAX_FAILED_LOGINS);
      expect((await eventsOf(core, accountId, 'login.throttled')) - throttledBefore).toBe(1);
      // No account lock: a lock by wrong passwords would tell anyone that the email has an account.
      expect((await core.accounts.get(accountId)).lockedUntil).toBeNull();

      guesses += wrong.length + outcomes.length + 1;
      counted += MAX_FAILED_LOGINS;
      // The operator unlocks; the next round starts from a clean counter.
      await core.accounts.unlock(EMAIL);
    }
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    recordCounts('brute force from 2 processes', {
      rounds: ROUNDS,
      'guesses tried': guesses,
      'counted before the wait': `${counted} (${MAX_FAILED_LOGINS} a round)`,
      'refused during the wait': guesses - counted,
    });
  }, 120_000);
});
