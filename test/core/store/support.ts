import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Document } from '../../../src/core/store/schema.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';

/** The repository root: workers run from here so `--import tsx` resolves. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WORKER = fileURLToPath(new URL('../../support/store-worker.ts', import.meta.url));

/**
 * How soon the next writer gets the lock of one that was killed holding it: the kernel frees it
 * at the holder's death, so this is only the start-up of a process on a busy machine.
 */
export const LOCK_BACK_WITHIN_MS = 5_000;

/** Holds `file`'s write lock as another process would, until `release()`. */
export { lockFile as holdLock, isLockHeld } from '../../../src/core/store/file-lock.ts';

export { addProject, projectIds, projectRecord } from './records.ts';

export interface Worker {
  readonly child: ChildProcess;
  /** Every complete stdout line so far. */
  readonly lines: string[];
  stderr(): string;
  /** Ids the worker reported as committed (a transaction that resolved). */
  committed(): string[];
  /** Resolves once `predicate(lines)` holds; rejects if the worker exits first or time runs out. */
  waitFor(predicate: (lines: readonly string[]) => boolean, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts test/support/store-worker.ts as a real Node process (through tsx). `shellPrefix` runs
 * it through /bin/sh after that command, e.g. `ulimit -f N`.
 */
export function startWorker(args: readonly string[], options: { env?: NodeJS.ProcessEnv; shellPrefix?: string } = {}): Worker {
  const nodeArgs = ['--import', 'tsx', WORKER, ...args];
  const env = { ...process.env, ...options.env };
  const child = options.shellPrefix
    ? spawn('/bin/sh', ['-c', `${options.shellPrefix} && exec "$@"`, 'sh', process.execPath, ...nodeArgs], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((check) => check());
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    notify();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      if (partial) lines.push(partial);
      partial = '';
      resolve({ code, signal });
      notify();
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    lines,
    exited,
    stderr: () => err,
    committed: () => lines.filter((line) => line.startsWith('committed ')).map((line) => line.slice('committed '.length)),
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`worker did not get there in ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (predicate(lines)) finish();
          else if (done || child.exitCode !== null || child.signalCode !== null) finish(new Error(`worker exited early; stderr: ${err}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** The file's bytes, for byte-for-byte comparisons. */
export const bytesOf = (file: string): Promise<Buffer> => readFile(file);

/** The files of a store at rest: the store file and its journal. */
export const STORE_FILES = ['kbc-account.json', 'kbc-account.json.journal'] as const;

/**
 * The document stored at `file` as a new process would load it (store file plus journal);
 * rejects with a StoreError unless both are valid.
 */
export async function storedDocument(file: string): Promise<Document> {
  const doc = await FileStore.load(file);
  if (doc === null) throw new Error(`no store at ${file}`);
  return doc;
}

/**
 * The bytes of the store file and its journal (empty when missing), for "nothing changed" checks.
 * The journal header's epoch is masked: an append that failed after writing its whole line renews
 * it in place (so other processes reload), which changes no data.
 */
export async function storeBytes(file: string): Promise<Buffer> {
  const journal = (await readFile(`${file}.journal`).catch(() => Buffer.alloc(0))).toString('latin1');
  const masked = journal.replace(/^(\{[^\n]*"epoch":")[0-9a-f]+"/, '$1*"');
  return Buffer.concat([await readFile(file), Buffer.from('\n--journal--\n'), Buffer.from(masked, 'latin1')]);
}
