import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long a writer waits for the lock before giving up (ms). Transactions hold it for
 * milliseconds; a minute means the holder is stopped (Ctrl+Z, SIGSTOP, a paused VM) or hung.
 */
export const LOCK_WAIT_MS = 60_000;
/**
 * Back off to this a try (ms, randomised ×1–2 so that writers do not march in step). Short: a
 * holder that writes in a loop takes the lock again at once, and a waiter that polls seldom starves.
 */
const MAX_RETRY_MS = 10;
const MIN_RETRY_MS = 1;

export interface LockOptions {
  /** Give up after this long (ms). @default LOCK_WAIT_MS */
  readonly waitMs?: number;
}

export interface HeldLock {
  /** Frees the lock; never throws. */
  release(): Promise<void>;
}

/**
 * The name of `file`'s lock: an abstract Unix socket (Linux), named after the directory's device
 * and inode so that every path to the same file (symlinks, bind mounts, `..`) names one lock.
 * The name is hashed: abstract names are limited to 107 bytes.
 */
function lockNameOf(file: string): string {
  const dir = statSync(dirname(file));
  if (!dir.isDirectory()) throw Object.assign(new Error(`${dirname(file)} is not a directory`), { code: 'ENOTDIR' });
  const digest = createHash('sha256').update(`${dir.dev}:${dir.ino}:${basename(file)}`).digest('hex').slice(0, 32);
  return `\0kbc-account-store-lock-${digest}`;
}

function bind(name: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ path: name, exclusive: true }, () => {
      server.removeListener('error', reject);
      // Nobody talks to a lock: a connection is closed at once, and the socket keeps no process alive.
      server.on('connection', (socket) => socket.destroy());
      server.unref();
      resolve(server);
    });
  });
}

/**
 * Takes the cross-process write lock on `file`. The lock is a listening abstract Unix socket:
 * the kernel holds it for as long as the process lives, also while it is stopped (SIGSTOP,
 * Ctrl+Z, a paused VM), and frees it the moment the process dies, however it dies. So no lock is
 * ever taken over by a timeout, and a writer can never write after losing its lock: the failure
 * that a lock directory with a stale time had (a paused writer resumed and wrote over another's
 * records). Other writers wait instead, up to `waitMs`.
 *
 * Linux only (abstract sockets); processes share the lock only within one network namespace,
 * so containers sharing a data directory must share the host's network namespace.
 */
export async function lockFile(file: string, options: LockOptions = {}): Promise<HeldLock> {
  if (process.platform !== 'linux') {
    throw Object.assign(new Error(`the JSON store's cross-process lock needs Linux (this is ${process.platform}); use PostgreSQL (--database-url) here`), { code: 'ENOTSUP' });
  }
  const name = lockNameOf(file);
  const deadline = performance.now() + (options.waitMs ?? LOCK_WAIT_MS);
  for (let attempt = 0; ; attempt++) {
    try {
      const server = await bind(name);
      return {
        release: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (performance.now() >= deadline) {
        throw Object.assign(new Error(`another process has held it for ${Math.round((options.waitMs ?? LOCK_WAIT_MS) / 1000)} s; is one stopped (Ctrl+Z, SIGSTOP) or hung?`), {
          code: 'ELOCKED',
        });
      }
      await sleep(Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 1.5 ** attempt) * (1 + Math.random()));
    }
  }
}

/** Whether some process (this one included) holds the lock on `file` now: for tests and diagnostics. */
export async function isLockHeld(file: string): Promise<boolean> {
  try {
    await (await lockFile(file, { waitMs: 0 })).release();
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return true;
    throw error;
  }
}
