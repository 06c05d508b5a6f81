import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/core/store/file-store.ts';
import { tempDataDir } from '../support/core.ts';
import { isLockHeld, startWorker, storedDocument, type Worker } from '../core/store/support.ts';
import { recordCounts } from './support/summary.ts';

const STORE = 'kbc-account.json';
/**
 * Longer than the 10 s after which the old lock directory was taken over as stale: that takeover
 * let a resumed writer write at its old journal position, over the other writer's records.
 */
const PAUSES_MS = [12_500, 11_000, 14_000] as const;
/** A stopped holder shows as a writer that makes no progress for this long. */
const HOLDING_PROBE_MS = 400;
/** Tries per round to stop the victim while it holds the lock (it does most of the time). */
const MAX_TRIES = 60;
const LOADS_DURING_PAUSE_EVERY_MS = 1_000;

const committedCount = (worker: Worker) => worker.committed().length;

/**
 * Stops one of the two writers at a moment when it holds the lock (the other then makes no
 * progress), and returns it first. Both are tried in turn: two writers in tight loops do not
 * share the lock evenly (the holder takes it again before a waiter polls), so the one that holds
 * it most is the likely victim.
 */
async function stopWhileHolding(workers: readonly [Worker, Worker], file: string): Promise<[victim: Worker, other: Worker]> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const [victim, other] = tries % 2 === 0 ? workers : ([workers[1], workers[0]] as const);
    await sleep(Math.random() * 30);
    victim.child.kill('SIGSTOP');
    const before = committedCount(other);
    await sleep(HOLDING_PROBE_MS);
    if (committedCount(other) === before && (await isLockHeld(file))) return [victim, other];
    victim.child.kill('SIGCONT');
    await sleep(50);
  }
  throw new Error(`could not stop a writer while it held the lock in ${MAX_TRIES} tries`);
}

describe('a writer paused (SIGSTOP) longer than the old stale-lock time, then resumed', () => {
  it(`loses nothing and the store stays loadable over ${PAUSES_MS.length} pauses of 11–14 s`, async () => {
    const file = join(await tempDataDir(), STORE);
    await (await FileStore.open(file)).transact(async () => undefined);
    const workers = [startWorker(['add', file, 'a', '0']), startWorker(['add', file, 'b', '0'])] as const;
    let loadsDuringPauses = 0;
    let otherWaitedMs = 0;
    try {
      for (const worker of workers) await worker.waitFor((lines) => lines.length >= 20);
      for (const pauseMs of PAUSES_MS) {
        const [victim, other] = await stopWhileHolding(workers, file);
        const frozenAt = committedCount(other);
        const started = performance.now();
        // While the victim is stopped holding the lock, every other process can still load the store.
        while (performance.now() - started < pauseMs) {
          const doc = await storedDocument(file);
          expect(victim.committed().filter((id) => doc.projects[id] === undefined)).toEqual([]);
          loadsDuringPauses++;
          await sleep(LOADS_DURING_PAUSE_EVERY_MS);
        }
        // No takeover: the other writer waited for the stopped holder instead of writing past it.
        expect(committedCount(other)).toBe(frozenAt);
        otherWaitedMs += performance.now() - started;
        victim.child.kill('SIGCONT');
        const victimBefore = committedCount(victim);
        await victim.waitFor(() => committedCount(victim) > victimBefore + 5);
        await other.waitFor(() => committedCount(other) > frozenAt + 5);
        // Both go on, and what both acknowledged is in the store. Taken before the load: both keep
        // writing while it reads, and what they acknowledge meanwhile may come after what it read.
        const acknowledgedSoFar = [...victim.committed(), ...other.committed()];
        const doc = await storedDocument(file);
        expect(acknowledgedSoFar.filter((id) => doc.projects[id] === undefined)).toEqual([]);
      }
    } finally {
      for (const worker of workers) worker.child.kill('SIGKILL');
    }
    await Promise.all(workers.map((worker) => worker.exited));

    const acknowledged = workers.flatMap((worker) => worker.committed());
    const doc = await storedDocument(file);
    expect(acknowledged.filter((id) => doc.projects[id] === undefined)).toEqual([]);
    // And a new writer carries on from there.
    const store = await FileStore.open(file);
    await store.transact(async (tx) => {
      tx.delete('projects', acknowledged[0]!);
    });
    expect((await storedDocument(file)).projects[acknowledged[0]!]).toBeUndefined();
    recordCounts('paused writer (SIGSTOP 11–14 s)', {
      pauses: PAUSES_MS.length,
      'acknowledged changes present': `${acknowledged.length}/${acknowledged.length}`,
      'loads during pauses': loadsDuringPauses,
      'other writer waited s': Math.round(otherWaitedMs / 1000),
    });
  }, 150_000);
});
