import { mkdirSync, rmdirSync, statSync, utimesSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
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
/**
 * Errors creating the lock directory that waiting cannot fix (a read-only or full file system, no
 * permission, a bad path): reported at once. proper-lockfile's own retries would repeat them for
 * the whole ~40 s budget, so only a held lock (ELOCKED) and unknown errors are retried here.
 */
const PERMANENT_LOCK_ERRORS: ReadonlySet<string> = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP']);

/** Runs a synchronous fs call and answers its callback on the next tick, as an async call would. */
function viaSync<A extends unknown[], R>(call: (...args: A) => R) {
  return (...args: [...A, (error: Error | null, result?: R) => void]): void => {
    const callback = args.pop() as (error: Error | null, result?: R) => void;
    let result: R;
    try {
      result = call(...(args as unknown as A));
    } catch (error) {
      process.nextTick(callback, error as Error);
      return;
    }
    process.nextTick(callback, null, result);
  };
}

/**
 * The file system proper-lockfile uses: mkdir, stat, utimes and rmdir of the lock directory,
 * done synchronously. Each is a few microseconds of metadata work; through libuv's thread pool
 * every one costs a round trip (≈0.1–0.3 ms here), which made taking and releasing the lock the
 * largest cost of a small transaction.
 */
const LOCK_FS = {
  mkdir: viaSync((path: string) => mkdirSync(path)),
  stat: viaSync((path: string) => statSync(path)),
  utimes: viaSync((path: string, atime: Date, mtime: Date) => utimesSync(path, atime, mtime)),
  rmdir: viaSync((path: string) => rmdirSync(path)),
};

/** The wait (ms) before retry number `attempt` (from 0), as the `retry` module computes it. */
function retryDelayMs(attempt: number): number {
  const { factor, minTimeout, maxTimeout, randomize } = LOCK_RETRIES;
  const jitter = randomize ? 1 + Math.random() : 1;
  return Math.min(Math.round(jitter * minTimeout * factor ** attempt), maxTimeout);
}

export interface HeldLock {
  /** Removes the lock directory; never throws. */
  release(): Promise<void>;
  /** Set when another process took the lock over (we looked dead to it): do not write then. */
  compromised(): Error | null;
}

/**
 * Takes the cross-process lock on `file` (a directory `<file>.lock`, created atomically with
 * mkdir and refreshed while held). Rejects when it cannot be had within about a minute, and at
 * once when the lock directory cannot be created at all (see PERMANENT_LOCK_ERRORS).
 */
export async function lockFile(file: string, timings: LockTimings): Promise<HeldLock> {
  let compromised: Error | null = null;
  for (let attempt = 0; ; attempt++) {
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(file, {
        realpath: false,
        fs: LOCK_FS,
        stale: timings.staleMs,
        update: timings.updateMs,
        retries: 0,
        onCompromised: (error) => {
          // The default throws from a timer and kills the process; refuse the write instead.
          compromised = error;
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= LOCK_RETRIES.retries || (code !== undefined && PERMANENT_LOCK_ERRORS.has(code))) throw error;
      await sleep(retryDelayMs(attempt));
      continue;
    }
    return {
      release: () => release().catch(() => undefined),
      compromised: () => compromised,
    };
  }
}
