import { mkdir, readFile, stat, chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Stats } from 'node:fs';
import { Low, type Adapter } from 'lowdb';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { documentSchema, emptyDocument, SCHEMA_VERSION, type Document } from './schema.ts';
import { migrate } from './migrations.ts';
import { StoreError } from './store-error.ts';
import type { Snapshot, Store } from './store.ts';

/** A lock not refreshed for this long belongs to a dead process and may be taken over. */
const LOCK_STALE_MS = 10_000;
/** How often a holder refreshes its lock; well under LOCK_STALE_MS. */
const LOCK_UPDATE_MS = 2_000;
/** Waiting for the lock: about 60 s in all before giving up, backing off to 250 ms a try. */
const LOCK_RETRIES = { retries: 300, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true };
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

interface Fingerprint {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const fingerprintOf = (s: Stats): Fingerprint => ({ ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs });
const sameFingerprint = (a: Fingerprint | null, b: Fingerprint | null) =>
  a !== null && b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * lowdb adapter for one JSON file. Reads are strict (a file that does not parse or match the
 * schema is an error, never "empty data"); writes go through write-file-atomic (temp file,
 * fsync, rename, mode 0600) because lowdb's own writer neither fsyncs nor locks across processes.
 */
class CheckedJsonFile implements Adapter<Document> {
  text: string | null = null;

  constructor(readonly file: string) {}

  async read(): Promise<Document | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('STORE_UNREADABLE', this.file, `cannot be read (${(error as Error).message})`);
    }
    this.text = text;
    return parseDocument(this.file, text);
  }

  async write(doc: Document): Promise<void> {
    const text = JSON.stringify(doc);
    try {
      await writeFileAtomic(this.file, text, { mode: FILE_MODE, fsync: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new StoreError('STORE_WRITE_FAILED', this.file, `could not be written (${code}); the previous data is intact`);
    }
    this.text = text;
  }
}

export function parseDocument(file: string, text: string): Document {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const what = text.trim() === '' ? 'is empty' : `is not valid JSON (${(error as Error).message})`;
    throw new StoreError('STORE_NOT_JSON', file, `${what}; it was left untouched`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('schemaVersion' in raw)) {
    throw new StoreError('STORE_FOREIGN', file, 'is JSON but not a kbc-account store (no schemaVersion); it was left untouched');
  }
  const version = (raw as { schemaVersion: unknown }).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StoreError('STORE_FOREIGN', file, `has an invalid schemaVersion ${JSON.stringify(version)}; it was left untouched`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_TOO_NEW',
      file,
      `has schema version ${version}, newer than this program's ${SCHEMA_VERSION}; upgrade kbc-account. The file was left untouched`,
    );
  }
  const migrated = version < SCHEMA_VERSION ? migrate(raw as Record<string, unknown>, version) : raw;
  const result = documentSchema.safeParse(migrated);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new StoreError('STORE_SCHEMA_INVALID', file, `does not match the schema (${issues}); it was left untouched`);
  }
  return result.data;
}

/**
 * The JSON document store shared by every process on one data directory. Each `transact` holds
 * an in-process queue and a cross-process lock, re-reads the file only when another process
 * changed it, applies the change to a copy, validates, writes atomically and releases.
 */
export class FileStore implements Store {
  private readonly db: Low<Document>;
  private readonly adapter: CheckedJsonFile;
  private fingerprint: Fingerprint | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly location: string) {
    this.adapter = new CheckedJsonFile(location);
    this.db = new Low(this.adapter, emptyDocument());
  }

  /** Opens (creating when missing) the store at `file`; throws StoreError when it is unusable. */
  static async open(file: string): Promise<FileStore> {
    await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
    const store = new FileStore(file);
    await store.read();
    if (store.fingerprint === null || store.needsMigrationWrite()) {
      // Create the file, or persist a migration, under the lock like any other change.
      await store.transact(() => undefined);
    }
    return store;
  }

  async read(): Promise<Snapshot> {
    const current = await this.statFile();
    if (current === null || !sameFingerprint(current, this.fingerprint)) await this.load(current);
    return this.db.data;
  }

  transact<T>(change: (doc: Document) => T): Promise<T> {
    const run = this.queue.then(() => this.transactLocked(change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transactLocked<T>(change: (doc: Document) => T): Promise<T> {
    let compromised: Error | null = null;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.location, {
        realpath: false,
        stale: LOCK_STALE_MS,
        update: LOCK_UPDATE_MS,
        retries: LOCK_RETRIES,
        onCompromised: (error) => {
          // The default throws from a timer and kills the process; refuse the write instead.
          compromised = error;
        },
      });
    } catch (error) {
      throw new StoreError('STORE_LOCK_FAILED', this.location, `could not be locked (${(error as Error).message})`);
    }
    try {
      await this.read();
      const draft = structuredClone(this.db.data);
      const result = change(draft);
      const checked = documentSchema.safeParse(draft);
      if (!checked.success) {
        // A bug in a service, not bad data on disk: refuse to persist it.
        throw new Error(`refusing to write an invalid document: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`);
      }
      const unchanged = this.fingerprint !== null && JSON.stringify(draft) === this.adapter.text;
      if (!unchanged) {
        if (compromised) throw new StoreError('STORE_LOCK_FAILED', this.location, `lost its lock (${(compromised as Error).message}); nothing was written`);
        this.db.data = draft;
        await this.db.write();
        this.fingerprint = await this.statFile();
      }
      return result;
    } catch (error) {
      // The cached copy may be ahead of or behind the file now; force a re-read next time.
      if (error instanceof StoreError) this.fingerprint = null;
      throw error;
    } finally {
      await release().catch(() => undefined);
    }
  }

  private needsMigrationWrite(): boolean {
    const text = this.adapter.text;
    if (text === null) return true;
    return !text.startsWith(`{"schemaVersion":${SCHEMA_VERSION},`);
  }

  private async load(current: Fingerprint | null): Promise<void> {
    const doc = await this.db.adapter.read();
    this.db.data = doc ?? emptyDocument();
    this.fingerprint = doc === null ? null : current;
  }

  private async statFile(): Promise<Fingerprint | null> {
    try {
      return fingerprintOf(await stat(this.location));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError('STORE_UNREADABLE', this.location, `cannot be read (${(error as Error).message})`);
    }
  }
}

/** Creates `dir` with mode 0700 (and tightens an existing one we created). */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmod(dir, DIR_MODE).catch(() => undefined);
}
