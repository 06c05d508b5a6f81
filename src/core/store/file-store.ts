import { chmod, mkdir, readdir, readFile, realpath, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { emptyDocument, type Document } from './schema.ts';
import { createDraft } from './draft.ts';
import { parseDocument } from './parse-document.ts';
import { isTempFileOf, writeFileAtomically } from './atomic-write.ts';
import { LOCK_STALE_MS, LOCK_UPDATE_MS, lockFile, type HeldLock, type LockTimings } from './file-lock.ts';
import { StoreError } from './store-error.ts';
import { assertSynchronous, type Snapshot, type Store } from './store.ts';

export { parseDocument } from './parse-document.ts';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/**
 * A stat fingerprint is trusted only once it was seen this long after the file's mtime. Before
 * that, a second write can produce the very same fingerprint: timestamps are coarse (one kernel
 * tick, a second or two on some file systems) and an atomic rename frees an inode number that
 * the next write's temp file reuses.
 */
const RACY_WINDOW_MS = 3_000;

/** Test seams; production uses the defaults. */
export interface FileStoreOptions {
  /** A lock not refreshed for this long (ms) is taken over; at least 2000. @default 10000 */
  readonly lockStaleMs?: number;
  /** How often (ms) a holder refreshes its lock; at least 1000, at most lockStaleMs / 2. @default 2000 */
  readonly lockUpdateMs?: number;
}

interface Fingerprint {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

const sameFingerprint = (a: Fingerprint, b: Fingerprint) => a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/** One consistent view of the file: replaced whole, never patched, so no reader sees a mix. */
interface Cached {
  readonly doc: Document;
  /** The exact file content `doc` was parsed from or written as. */
  readonly text: string;
  readonly fingerprint: Fingerprint;
  /** The fingerprint was seen long enough after the last change that any later change alters it. */
  readonly settled: boolean;
}

/**
 * The store file as a lowdb adapter over raw text. Reads are strict about I/O errors; writes are
 * atomic and durable (see writeFileAtomically) because lowdb's own writer neither fsyncs nor
 * locks across processes.
 */
class StoreFile implements Adapter<string> {
  constructor(readonly file: string) {}

  async read(): Promise<string | null> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('STORE_UNREADABLE', this.file, `cannot be read (${(error as Error).message})`);
    }
  }

  async write(text: string): Promise<void> {
    try {
      await writeFileAtomically(this.file, text, FILE_MODE);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new StoreError('STORE_WRITE_FAILED', this.file, `could not be written (${code}); the previous data is intact`);
    }
  }

  async fingerprint(): Promise<Fingerprint | null> {
    try {
      const { ino, size, mtimeMs, ctimeMs } = await stat(this.file);
      return { ino, size, mtimeMs, ctimeMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('STORE_UNREADABLE', this.file, `cannot be read (${(error as Error).message})`);
    }
  }
}

/**
 * The JSON document store shared by every process on one data directory. Each `transact` holds
 * an in-process queue and a cross-process lock, reads the file, applies the change to a copy,
 * validates, writes atomically when something changed, and releases. `read` re-parses only when
 * the file changed.
 */
export class FileStore implements Store {
  private readonly file: StoreFile;
  private readonly timings: LockTimings;
  private cache: Cached | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly location: string,
    options: FileStoreOptions,
  ) {
    this.file = new StoreFile(location);
    this.timings = { staleMs: options.lockStaleMs ?? LOCK_STALE_MS, updateMs: options.lockUpdateMs ?? LOCK_UPDATE_MS };
  }

  /**
   * Opens (creating when missing) the store at `file`. A file that is unusable is a StoreError,
   * raised before any lock is taken or anything is written. Creating the file, persisting a
   * migration and removing temp files a killed writer left happen under the lock.
   */
  static async open(file: string, options: FileStoreOptions = {}): Promise<FileStore> {
    await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
    const store = new FileStore(file, options);
    const cached = await store.current(false);
    const needsWrite = cached === null || JSON.stringify(cached.doc) !== cached.text;
    if (needsWrite || (await store.leftoverTempFiles()).length > 0) {
      await store.enqueue(() => store.transactLocked(() => undefined, true));
    }
    return store;
  }

  async read(): Promise<Snapshot> {
    return (await this.current(true))?.doc ?? emptyDocument();
  }

  transact<T>(change: (doc: Document) => T): Promise<T> {
    return this.enqueue(() => this.transactLocked(change, false));
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async transactLocked<T>(change: (doc: Document) => T, sweep: boolean): Promise<T> {
    let lock: HeldLock;
    try {
      lock = await lockFile(this.location, this.timings);
    } catch (error) {
      throw new StoreError('STORE_LOCK_FAILED', this.location, `could not be locked (${(error as Error).message})`);
    }
    try {
      if (sweep) await this.removeLeftoverTempFiles();
      // Under the lock the bytes decide, never the fingerprint: a stale base loses updates.
      const base = await this.current(false);
      // Copy-on-write: only what the change touches is copied and validated (see draft.ts).
      const draft = createDraft(base?.doc ?? emptyDocument());
      const result = assertSynchronous(change(draft.doc));
      // A bug in a service, not bad data on disk: commit refuses to return an invalid document.
      const next = draft.commit();
      const text = JSON.stringify(next);
      if (text !== base?.text) {
        const lost = lock.compromised();
        if (lost) throw new StoreError('STORE_LOCK_FAILED', this.location, `lost its lock (${lost.message}); nothing was written`);
        await this.file.write(text);
        const fingerprint = await this.file.fingerprint();
        this.cache = fingerprint ? { doc: next, text, fingerprint, settled: false } : null;
      }
      return result;
    } catch (error) {
      // The file may differ from the cached copy now; make the next read look.
      if (error instanceof StoreError) this.cache = null;
      throw error;
    } finally {
      await lock.release();
    }
  }

  /**
   * The newest document, re-parsed only if its bytes changed. With `trustFingerprint`, an
   * unchanged settled stat is enough and the file is not even read. A result is cached only if
   * nothing newer was cached meanwhile (a slow read must not roll the cache back).
   */
  private async current(trustFingerprint: boolean): Promise<Cached | null> {
    const before = this.cache;
    // File-system time, compared with file mtimes; not domain time (that comes from the Clock).
    const seenAtMs = Date.now();
    const fingerprint = await this.file.fingerprint();
    if (fingerprint !== null && trustFingerprint && before?.settled && sameFingerprint(before.fingerprint, fingerprint)) return before;
    const text = fingerprint === null ? null : await this.file.read();
    let next: Cached | null = null;
    if (fingerprint !== null && text !== null) {
      const doc = before?.text === text ? before.doc : parseDocument(this.location, text);
      next = { doc, text, fingerprint, settled: seenAtMs - fingerprint.mtimeMs >= RACY_WINDOW_MS };
    }
    if (this.cache === before) this.cache = next;
    return next;
  }

  private async leftoverTempFiles(): Promise<string[]> {
    const target = await realpath(this.location).catch(() => this.location);
    const names = await readdir(dirname(target)).catch(() => []);
    return names.filter((name) => isTempFileOf(target, name)).map((name) => join(dirname(target), name));
  }

  /** Only under the lock: every writer holds it, so a temp file seen now belongs to a dead one. */
  private async removeLeftoverTempFiles(): Promise<void> {
    await Promise.all((await this.leftoverTempFiles()).map((file) => unlink(file).catch(() => undefined)));
  }
}

/** Creates `dir` with mode 0700, and tightens an existing one of ours: it holds the secret key. */
export async function ensurePrivateDir(dir: string, ownFiles: readonly string[]): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  // Tighten only a directory that is ours (empty, or holding our files): `--data /tmp` or a
  // project folder must not lose its sticky bit or its readers. Our files are 0600 regardless.
  const names = await readdir(dir).catch(() => []);
  const ours = names.every((name) => ownFiles.some((own) => name === own || name.startsWith(`${own}.`) || name.startsWith(`.${own}`)));
  if (ours) await chmod(dir, DIR_MODE).catch(() => undefined);
}
