import lockfile from 'proper-lockfile';

/** Lock timings; proper-lockfile raises `staleMs` to at least 2000 and `updateMs` to at least 1000. */
export interface LockTimings {
  /** A lock not refreshed for this long (ms) belongs to a dead process and may be taken over. */
  readonly staleMs: number;
  /** How often (ms) the holder refreshes its lock; at most half of `staleMs`. */
  readonly updateMs: number;
}

/** A lock not refreshed for 10 s belongs to a dead process. */
export const LOCK_STALE_MS = 10_000;
/** The holder refreshes every 2 s, well under LOCK_STALE_MS. */
export const LOCK_UPDATE_MS = 2_000;
/**
 * Waiting for the lock: back off to 100 ms a try (randomised ×1–2, so writers do not march in
 * step), 40–80 s in all before giving up. A short ceiling keeps the lock busy under contention.
 */
const LOCK_RETRIES = { retries: 400, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true };

export interface HeldLock {
  /** Removes the lock directory; never throws. */
  release(): Promise<void>;
  /** Set when another process took the lock over (we looked dead to it): do not write then. */
  compromised(): Error | null;
}

/**
 * Takes the cross-process lock on `file` (a directory `<file>.lock`, created atomically with
 * mkdir and refreshed while held). Rejects when it cannot be had within about a minute.
 */
export async function lockFile(file: string, timings: LockTimings): Promise<HeldLock> {
  let compromised: Error | null = null;
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: timings.staleMs,
    update: timings.updateMs,
    retries: LOCK_RETRIES,
    onCompromised: (error) => {
      // The default throws from a timer and kills the process; refuse the write instead.
      compromised = error;
    },
  });
  return {
    release: () => release().catch(() => undefined),
    compromised: () => compromised,
  };
}
