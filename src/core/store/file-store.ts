import { closeSync, constants, existsSync, lstatSync, watch, type FSWatcher, fchmodSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, statSync, writeSync, type Stats } from 'node:fs';
import { access, chmod, lstat, mkdir, open, readdir, readFile, realpath, stat, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { emptyDocument, SCHEMA_VERSION, type Document } from './schema.ts';
import { createDraft } from './draft.ts';
import { adoptCollections, applyChanges } from './changes.ts';
import { documentView, draftTransaction } from './document-access.ts';
import { asWrittenDocument, encodeStoreFile, finishDocument, parseRawDocument, type JournalName } from './parse-document.ts';
import { applyRaw, encodeHeader, encodeRecord, journalFileOf, newJournalId, parseHeader, parseRecords, type JournalHeader } from './journal.ts';
import { isTempFileOf, writeFileAtomically } from './atomic-write.ts';
import { lockFile, type LockOptions } from './file-lock.ts';
import { StoreError } from './store-error.ts';
import { ConfigError } from '../config-error.ts';
import { settingInMeta, settleInMeta } from './settings.ts';
import { NotRegularFileError, openRegularFile, openRegularFileSync } from '../shared/regular-file.ts';
import type { DeepReadonly, Store, StoreTransaction, StoreView } from './store.ts';

/** The document as this process last read it: replaced on every change, so that its identity tells a change. */
type Snapshot = DeepReadonly<Document>;

export { parseDocument } from './parse-document.ts';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/**
 * A stat fingerprint is trusted only once it was seen this long after the file's mtime. Before
 * that, a second change can produce the very same fingerprint: timestamps are coarse (one kernel
 * tick, a second or two on some file systems) and an atomic rename frees an inode number that
 * a later replacement may reuse.
 */
const RACY_WINDOW_MS = 3_000;
/** The journal is folded into the store file once it holds more than this, or half the store file if larger. */
export const COMPACT_JOURNAL_MIN_BYTES = 4 * 1024 * 1024;
/** Loads of a store whose files keep changing under the reader before its refusal stands (see loadWhole). */
const LOAD_ATTEMPTS = 5;
/** How much of the journal is read to find its header line. */
const HEADER_PROBE_BYTES = 512;

/** Test seams; production uses the defaults. */
export interface FileStoreOptions {
  /** Give up waiting for another process's lock after this long (ms). @default LOCK_WAIT_MS */
  readonly lockWaitMs?: number;
  /** Compact once the journal is larger than this many bytes (and half the store file). @default COMPACT_JOURNAL_MIN_BYTES */
  readonly compactJournalAtBytes?: number;
}

interface Fingerprint {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

const sameFingerprint = (a: Fingerprint | null, b: Fingerprint | null) =>
  a !== null && b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

const fingerprintOf = ({ ino, size, mtimeMs, ctimeMs }: Fingerprint): Fingerprint => ({ ino, size, mtimeMs, ctimeMs });

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

interface JournalState {
  readonly id: string;
  /** Renewed in place after a failed append was cut back (see journal.ts). */
  readonly epoch: string;
  /** Bytes of complete lines read, header included: where the next record is written. */
  end: number;
  /** The file's size when last seen: larger than `end` while a torn tail is there. */
  size: number;
  /** The journal's stat when everything in it was read; null when unknown or a torn tail is left. */
  fingerprint: Fingerprint | null;
  settled: boolean;
}

/**
 * What this process holds of the store: the document at `revision`, kept current in place (see
 * applyChanges) by reading only the journal's new records.
 */
interface Loaded {
  readonly doc: Document;
  /** Replaced on every change, so that its identity tells a change. */
  snapshot: Snapshot;
  revision: number;
  /** Null: there is no usable journal; the next writer starts one. */
  journal: JournalState | null;
  /** 'all': the store file must be rewritten (new, or migrated); 'journal': only a new journal is needed. */
  rewrite: 'none' | 'journal' | 'all';
  /** Size of the store file, for the compaction threshold. */
  mainBytes: number;
  /** The journal the store file names; null while there is no store file yet, or it predates names. */
  named: JournalName | null;
}

/** The store file as a lowdb adapter over raw text; writes are atomic and durable (see writeFileAtomically). */
class StoreFile implements Adapter<string> {
  constructor(readonly file: string) {}

  async read(): Promise<string | null> {
    let handle;
    try {
      // A link to /dev/zero would be read for ever, a FIFO would wait for a writer: only a regular file is opened.
      handle = await openRegularFile(this.file);
    } catch (error) {
      throw unreadable(this.file, error);
    }
    if (handle === null) return null;
    try {
      return await handle.readFile('utf8');
    } catch (error) {
      throw unreadable(this.file, error);
    } finally {
      await handle.close();
    }
  }

  async write(text: string): Promise<void> {
    try {
      await writeFileAtomically(this.file, text, await keptMode(this.file));
    } catch (error) {
      throw new StoreError('STORE_WRITE_FAILED', this.file, `could not be written (${errnoOf(error) ?? (error as Error).message}); the previous data is intact`);
    }
  }
}

/**
 * The JSON document store shared by every process on one data directory: a store file holding
 * the whole document as of some revision, and a journal of the changes since (journal.ts).
 * `transact` holds an in-process queue and a cross-process lock, catches up on the journal,
 * applies the change to a draft, validates what it touched, appends one record and fsyncs it,
 * then applies it in memory. Its cost follows the size of the change, not of the document.
 * When the journal grows past a threshold, the writer folds it into the store file.
 */
export class FileStore implements Store {
  private readonly file: StoreFile;
  private readonly journalFile: string;
  private readonly lockOptions: LockOptions;
  private readonly compactAtBytes: number;
  private state: Loaded | null = null;
  /** Transactions of this process, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Whatever reads or changes `state`, one at a time: reads must not wait behind the lock. */
  private syncQueue: Promise<unknown> = Promise.resolve();
  /** The data directory watched (inotify on Linux) for other processes' writes; null where it cannot be. */
  private watcher: FSWatcher | null = null;
  /** The watcher saw the store file or the journal change since changeSignal last looked. */
  private touched = true;

  private constructor(
    readonly location: string,
    options: FileStoreOptions,
  ) {
    this.file = new StoreFile(location);
    this.journalFile = journalFileOf(location);
    this.lockOptions = options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs };
    this.compactAtBytes = options.compactJournalAtBytes ?? COMPACT_JOURNAL_MIN_BYTES;
  }

  /**
   * Opens (creating when missing) the store at `file`. A file that is unusable is a StoreError,
   * raised before any lock is taken or anything is written. Creating the files, persisting a
   * migration, starting a journal and removing temp files a killed writer left happen under the lock.
   */
  static async open(file: string, options: FileStoreOptions = {}): Promise<FileStore> {
    await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
    const store = new FileStore(file, options);
    // Watched before the first read: a change made between the two is not missed.
    store.watchForChanges();
    const loaded = await store.exclusive(() => store.sync());
    await Promise.all([file, store.journalFile].map(keepPrivate));
    if (loaded === null || loaded.rewrite !== 'none' || (await store.leftoverTempFiles()).length > 0) {
      await store.enqueue(() => store.transactLocked(async () => undefined, true));
    }
    return store;
  }

  /** The document stored at `file` (store file plus journal), read without a lock and without writing; null when there is none. */
  static async load(file: string): Promise<Document | null> {
    return (await new FileStore(file, {}).loadWhole())?.doc ?? null;
  }

  /** The newest document, read without a lock: the journal's new lines, if any. */
  private async read(): Promise<Loaded | null> {
    const state = this.state;
    if (state?.journal?.settled && sameFingerprint(this.journalFingerprint(), state.journal.fingerprint)) return state;
    return this.exclusive(() => this.sync());
  }

  async view<T>(work: (view: StoreView) => Promise<T>): Promise<T> {
    const state = await this.read();
    return work(documentView(state?.snapshot ?? emptyDocument()));
  }

  /**
   * Cheap enough for every API call: while the directory watcher saw neither file change and the
   * journal is settled, the signal is the one last read, with no stat (a stat is most of a
   * cached token verification). Another process's change moves it once its file event arrived,
   * as PostgreSQL's moves once its NOTIFY arrived; a read (`view`, `transact`) never depends on it.
   * Where the directory cannot be watched, every call stats the journal.
   */
  async changeSignal(): Promise<string> {
    const known = this.state;
    const state = this.watcher && !this.touched && known?.journal?.settled ? known : await this.readClearingTouched();
    return state?.journal ? `${state.journal.id}:${state.revision}` : '';
  }

  /** read(), after forgetting the file events seen so far: one arriving meanwhile is kept for the next call. */
  private readClearingTouched(): Promise<Loaded | null> {
    this.touched = false;
    return this.read();
  }

  /** Starts watching the data directory for writes to the store file or the journal (see changeSignal). */
  private watchForChanges(): void {
    const names = new Set([basename(this.location), basename(this.journalFile)]);
    // A file that is a link to elsewhere changes where this directory's watch does not look.
    const linked = [this.location, this.journalFile].some((path) => lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink());
    if (linked) return;
    try {
      const watcher = watch(dirname(this.location), { persistent: false }, (_event, name) => {
        // No name: the platform could not say which file; count it as ours.
        if (name === null || names.has(name.toString())) this.touched = true;
      });
      watcher.on('error', () => this.stopWatching());
      this.watcher = watcher;
    } catch {
      // No inotify watch left (ENOSPC), or no such facility: every changeSignal stats instead.
      this.watcher = null;
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
    this.touched = true;
  }

  settle(key: string, value: string): Promise<string> {
    return settleInMeta(this, key, value);
  }

  setting(key: string): Promise<string | null> {
    return settingInMeta(this, key);
  }

  async close(): Promise<void> {
    this.stopWatching();
    await this.queue;
  }

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.transactLocked(work, false));
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.syncQueue.then(run);
    this.syncQueue = result.catch(() => undefined);
    return result;
  }

  private async transactLocked<T>(work: (tx: StoreTransaction) => Promise<T>, sweep: boolean): Promise<T> {
    let lock;
    try {
      lock = await lockFile(this.location, this.lockOptions);
    } catch (error) {
      throw new StoreError('STORE_LOCK_FAILED', this.location, `could not be locked (${(error as Error).message})`);
    }
    try {
      if (sweep) await this.removeLeftoverTempFiles();
      return await this.exclusive(async () => {
        // Under the lock nobody else writes: what is read now is the newest data.
        let fd = this.openJournal('r+');
        try {
          let state = this.state;
          if (!(state?.journal && fd !== null && this.catchUp(state, state.journal, fd))) state = this.state = await this.loadWhole();
          state ??= this.fresh();
          if (state.rewrite !== 'none') {
            await this.compact(state);
            if (fd !== null) closeSync(fd);
            fd = this.openJournal('r+');
          }
          const draft = createDraft(state.doc);
          const tx = draftTransaction(draft.doc);
          const result = await work(tx);
          // A bug in a service, not bad data on disk: commit refuses to return invalid changes.
          const changes = draft.commit();
          tx.checkUnique(changes);
          if (changes.length === 0) return result;
          if (fd === null) throw new StoreError('STORE_WRITE_FAILED', this.journalFile, 'disappeared while the store was locked; nothing was written');
          await this.append(state.journal!, fd, encodeRecord({ rev: state.revision + 1, changes }));
          applyChanges(state.doc, changes);
          state.revision += 1;
          state.snapshot = { ...state.doc };
          // The change is durable already: a compaction that fails is retried by a later writer.
          if (state.journal!.end > Math.max(this.compactAtBytes, state.mainBytes / 2)) await this.compact(state).catch(() => undefined);
          return result;
        } finally {
          if (fd !== null) closeSync(fd);
        }
      });
    } catch (error) {
      // The files may differ from what is held now; make the next read load them whole.
      if (error instanceof StoreError) this.state = null;
      throw error;
    } finally {
      await lock.release();
    }
  }

  /** A store that does not exist yet: written whole by the first transaction. */
  private fresh(): Loaded {
    const doc = emptyDocument();
    adoptCollections(doc);
    this.state = { doc, snapshot: { ...doc }, revision: 0, journal: null, rewrite: 'all', mainBytes: 0, named: null };
    return this.state;
  }

  /**
   * Brings `state` up to date: reads only the journal's new records when it is the journal
   * already held, else loads the store file and journal whole. Run only through `exclusive`.
   */
  private async sync(): Promise<Loaded | null> {
    const state = this.state;
    if (state?.journal) {
      const fd = this.openJournal('r');
      try {
        if (fd !== null && this.catchUp(state, state.journal, fd)) return state;
      } finally {
        if (fd !== null) closeSync(fd);
      }
    }
    this.state = await this.loadWhole();
    return this.state;
  }

  /**
   * Reads the records added since `journal.end` from the open journal `fd`; false when the journal
   * was replaced in a way that needs a whole load. Synchronous: a stat and one or two reads of
   * the page cache cost microseconds, a trip through libuv's thread pool each far more.
   */
  private catchUp(state: Loaded, journal: JournalState, fd: number): boolean {
    const seenAtMs = Date.now();
    const info = this.statJournal(fd);
    const parsed = parseHeader(this.journalFile, readAt(fd, 0, Math.min(info.size, HEADER_PROBE_BYTES)));
    if (parsed.header.schemaVersion !== SCHEMA_VERSION) return false;
    const { header } = parsed;
    // Cut back after a failed append (new epoch, or shorter than what was read): what was read may be gone.
    if (header.id === journal.id && (header.epoch !== journal.epoch || info.size < journal.end)) return false;
    let current = journal;
    if (header.id !== journal.id) {
      // Compacted by another writer: nothing to reload if the new journal continues ours where we are.
      // Anything else (a journal put there by hand) is checked against the store file by a whole load.
      if (header.previous !== journal.id || header.base !== state.revision) return false;
      current = state.journal = { id: header.id, epoch: header.epoch, end: parsed.length, size: info.size, fingerprint: null, settled: false };
    }
    if (info.size > current.end) {
      const { records, length } = parseRecords(this.journalFile, readAt(fd, current.end, info.size - current.end), state.revision, true);
      for (const record of records) applyChanges(state.doc, record.changes);
      if (records.length > 0) {
        state.revision = records.at(-1)!.rev;
        state.snapshot = { ...state.doc };
      }
      current.end += length;
    }
    // A torn tail (a writer died mid-append) is never trusted by fingerprint; the next append overwrites it.
    const complete = info.size === current.end;
    current.size = info.size;
    current.fingerprint = complete ? fingerprintOf(info) : null;
    current.settled = complete && seenAtMs - info.mtimeMs >= RACY_WINDOW_MS;
    // Someone may have loosened it: it holds password hashes and sealed secrets. Tightened only, never loosened.
    if ((info.mode & 0o077) !== 0) tryQuietly(() => fchmodSync(fd, info.mode & 0o7700));
    return true;
  }

  private statJournal(fd: number): Stats {
    try {
      return fstatSync(fd);
    } catch (error) {
      throw new StoreError('STORE_UNREADABLE', this.journalFile, `cannot be read (${(error as Error).message})`);
    }
  }

  /**
   * Loads the store file and its journal whole. Readers do so without the lock, so a writer may
   * create or compact the store between the two reads, and the pair read then does not match
   * (a store file naming a journal that was not there yet, or two compactions past the journal
   * read). Such a refusal is retried while the files keep changing under it; files that stay as
   * they are refused are refused for good.
   */
  private async loadWhole(): Promise<Loaded | null> {
    for (let attempt = 1; ; attempt++) {
      const before = this.filesStamp();
      try {
        return await this.loadPair();
      } catch (error) {
        const racedWithWriter = error instanceof StoreError && error.code === 'STORE_JOURNAL_INVALID' && this.filesStamp() !== before;
        if (!racedWithWriter || attempt === LOAD_ATTEMPTS) throw error;
      }
    }
  }

  /** What the store file and journal are now (inode, size, times; or absent), to tell whether they changed. */
  private filesStamp(): string {
    return [this.location, this.journalFile]
      .map((file) => {
        try {
          const { ino, size, mtimeMs, ctimeMs } = statSync(file);
          return `${ino}:${size}:${mtimeMs}:${ctimeMs}`;
        } catch {
          return 'absent';
        }
      })
      .join('|');
  }

  /** One read of the store file and its journal (journal first: compaction replaces the store file first). */
  private async loadPair(): Promise<Loaded | null> {
    const seenAtMs = Date.now();
    const journal = await this.readJournalWhole();
    const text = await this.file.read();
    const parsed = journal === null || journal.bytes.length === 0 && text === null ? null : parseHeader(this.journalFile, journal.bytes);
    if (text === null) {
      // A store's first journal is written before its store file: one that holds nothing at
      // revision 0 is a creation that was cut short, and nothing is lost by starting over.
      if (journal === null || journal.bytes.length === 0 || this.isEmptyFirstJournal(parsed!, journal.bytes)) return null;
      throw new StoreError('STORE_JOURNAL_INVALID', this.journalFile, `exists but the store file ${this.location} does not; restore the store file or move the journal away. It was left untouched`);
    }
    const { raw, verified, schemaVersion, revision: fileRevision, journal: named } = parseRawDocument(this.location, text);
    let revision = fileRevision;
    let state: JournalState | null = null;
    let rewrite: Loaded['rewrite'] = schemaVersion < SCHEMA_VERSION ? 'all' : 'none';
    let replayed = 0;
    if (named !== null) this.checkJournalName(named, fileRevision, parsed?.header ?? null);
    if (journal === null || parsed === null) {
      if (rewrite === 'none') rewrite = 'journal';
    } else {
      const { header, length } = parsed;
      if (header.base > fileRevision) {
        throw new StoreError(
          'STORE_JOURNAL_INVALID',
          this.journalFile,
          `continues from revision ${header.base} but the store file is at revision ${fileRevision} (restored from a backup without its journal?); move the journal away to use the store file as it is. Both were left untouched`,
        );
      }
      // A verified store file skips the whole-document check below, so the journal's entries are checked one by one.
      const { records, length: recordBytes } = parseRecords(this.journalFile, journal.bytes.subarray(length), header.base, verified && header.schemaVersion === SCHEMA_VERSION);
      const newer = records.filter((record) => record.rev > fileRevision);
      if (newer.length > 0 && header.schemaVersion !== schemaVersion) {
        throw new StoreError('STORE_JOURNAL_INVALID', this.journalFile, `has schema version ${header.schemaVersion} but the store file ${schemaVersion}; it was left untouched`);
      }
      const last = records.at(-1)?.rev ?? header.base;
      // The journal before the named one holds nothing the store file lacks, unless it goes past it.
      if (named !== null && header.id === named.previous && last > fileRevision) {
        throw this.journalMismatch(`is the journal before the one the store file names, yet goes on to revision ${last} past the store file's ${fileRevision}`);
      }
      applyRaw(raw, newer);
      replayed = newer.length;
      if (last < fileRevision || header.schemaVersion !== SCHEMA_VERSION || (named !== null && header.id !== named.id)) {
        // Behind the store file (a compaction that stopped between its two writes), or of an older schema.
        rewrite = header.schemaVersion !== SCHEMA_VERSION ? 'all' : rewrite === 'none' ? 'journal' : rewrite;
      } else {
        revision = last;
        const end = length + recordBytes;
        const complete = journal.fingerprint.size === end;
        state = {
          id: header.id,
          epoch: header.epoch,
          end,
          size: journal.fingerprint.size,
          fingerprint: complete ? journal.fingerprint : null,
          settled: complete && seenAtMs - journal.fingerprint.mtimeMs >= RACY_WINDOW_MS,
        };
      }
    }
    let doc: Document;
    try {
      doc = verified ? asWrittenDocument(this.location, raw) : finishDocument(this.location, raw);
    } catch (error) {
      if (replayed > 0 && error instanceof StoreError) {
        throw new StoreError(error.code, this.location, `${error.message.slice(this.location.length + 2)} (with the ${replayed} changes of its journal ${this.journalFile} applied)`);
      }
      throw error;
    }
    adoptCollections(doc);
    return { doc, snapshot: { ...doc }, revision, journal: state, rewrite, mainBytes: Buffer.byteLength(text, 'utf8'), named };
  }

  /**
   * Refuses a journal that is not the one the store file names (or, after a compaction that
   * stopped between its two writes, the one before it): missing, another store's, or older. Using
   * it would show other data, or silently lose the changes in the real one.
   */
  private checkJournalName(named: JournalName, fileRevision: number, header: JournalHeader | null): void {
    if (header === null) {
      throw this.journalMismatch(`is missing: the store file names journal ${named.id}, which holds every change after revision ${fileRevision}. Restore it from where it was moved or backed up`);
    }
    if (header.id === named.id && header.base !== fileRevision) {
      throw this.journalMismatch(`continues revision ${header.base}, but the store file is at revision ${fileRevision}: the two are from different moments`);
    }
    if (header.id !== named.id && header.id !== named.previous) {
      throw this.journalMismatch(`is journal ${header.id}, but the store file names journal ${named.id}: it belongs to another store or to an older state of this one`);
    }
  }

  private journalMismatch(problem: string): StoreError {
    return new StoreError('STORE_JOURNAL_INVALID', this.journalFile, `${problem}. The store file ${this.location} and the journal were left untouched`);
  }

  /** A journal holding only the header of a store's first revision. */
  private isEmptyFirstJournal(parsed: { header: JournalHeader; length: number }, bytes: Buffer): boolean {
    return parsed.header.base === 0 && parsed.header.previous === null && bytes.length === parsed.length;
  }

  /**
   * Folds the journal into the store file: writes the document at the current revision (unless
   * only the journal is missing), then a new journal holding only a header. A crash between the
   * two leaves the old journal, whose records up to this revision are then skipped.
   */
  private async compact(state: Loaded): Promise<void> {
    let header: JournalHeader;
    if (state.rewrite === 'journal' && state.named !== null) {
      // The store file is current and names its journal: only that journal is written again.
      header = { ...state.named, epoch: newJournalId(), base: state.revision, schemaVersion: SCHEMA_VERSION };
      await this.writeJournalHeader(header);
    } else {
      const onDisk = this.journalIdOnDisk();
      header = { id: newJournalId(), epoch: newJournalId(), previous: onDisk, base: state.revision, schemaVersion: SCHEMA_VERSION };
      const text = encodeStoreFile(state.doc, state.revision, header);
      // A new store's journal comes first: a store file must never name a journal that is not there.
      const isNew = !existsSync(this.location);
      if (isNew) await this.writeJournalHeader(header);
      await this.file.write(text);
      // Stopped here, the old journal (`previous`) is still there: loading accepts it, as it ends where the store file is.
      if (!isNew) await this.writeJournalHeader(header);
      state.mainBytes = Buffer.byteLength(text, 'utf8');
      state.named = { id: header.id, previous: header.previous };
    }
    const end = Buffer.byteLength(encodeHeader(header), 'utf8');
    state.journal = { id: header.id, epoch: header.epoch, end, size: end, fingerprint: null, settled: false };
    state.rewrite = 'none';
  }

  private async writeJournalHeader(header: JournalHeader): Promise<void> {
    try {
      await writeFileAtomically(this.journalFile, encodeHeader(header), await keptMode(this.journalFile));
    } catch (error) {
      throw new StoreError('STORE_WRITE_FAILED', this.journalFile, `could not be written (${errnoOf(error) ?? (error as Error).message}); the previous data is intact`);
    }
  }

  /** The id of the journal file there now (under the lock), or null when there is none or it is unreadable. */
  private journalIdOnDisk(): string | null {
    const fd = this.openJournal('r');
    if (fd === null) return null;
    try {
      return parseHeader(this.journalFile, readAt(fd, 0, HEADER_PROBE_BYTES)).header.id;
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Writes one record at the end of the complete records (over a torn tail, if a writer died
   * mid-append), cuts off anything after it, and fsyncs. On failure the journal is cut back, so
   * the change never happened.
   */
  private async append(journal: JournalState, fd: number, record: Buffer): Promise<void> {
    let written = 0;
    try {
      while (written < record.length) {
        const bytesWritten = writeSync(fd, record, written, record.length - written, journal.end + written);
        if (bytesWritten === 0) throw Object.assign(new Error('short write'), { code: 'ESHORTWRITE' });
        written += bytesWritten;
      }
      // Only over a torn tail: a truncate that changes nothing still costs the fsync a metadata write.
      if (journal.size > journal.end + record.length) ftruncateSync(fd, journal.end + record.length);
      await datasync(fd);
    } catch (error) {
      tryQuietly(() => ftruncateSync(fd, journal.end));
      // A whole line was in the journal while the disk was asked, so another process may have read
      // it: a new journal id makes every reader load the files whole instead of keeping a change
      // that never happened. A line written only in part (a full disk) was never readable.
      if (written === record.length) tryQuietly(() => renewJournalEpoch(fd));
      throw new StoreError('STORE_WRITE_FAILED', this.journalFile, `could not be written (${errnoOf(error) ?? (error as Error).message}); the previous data is intact`);
    }
    journal.end += record.length;
    journal.size = journal.end;
    journal.fingerprint = null;
    journal.settled = false;
  }

  /** The journal opened for reading ('r') or for appending under the lock ('r+'); null when it does not exist. */
  private openJournal(flags: 'r' | 'r+'): number | null {
    try {
      return openRegularFileSync(this.journalFile, flags);
    } catch (error) {
      if (error instanceof NotRegularFileError) throw unreadable(this.journalFile, error);
      const code = errnoOf(error);
      if (code === 'ENOENT') return null;
      // Opened for writing under the lock: a read-only file system or a missing permission refuses the write, not the read.
      if (flags === 'r+' && (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')) {
        throw new StoreError('STORE_WRITE_FAILED', this.journalFile, `cannot be written (${problemOf(error)}); nothing was written and the previous data is intact`);
      }
      throw new StoreError('STORE_UNREADABLE', this.journalFile, `cannot be opened (${(error as Error).message})`);
    }
  }

  private async readJournalWhole(): Promise<{ bytes: Buffer; fingerprint: Fingerprint } | null> {
    let handle;
    try {
      handle = await openRegularFile(this.journalFile);
    } catch (error) {
      throw unreadable(this.journalFile, error);
    }
    if (handle === null) return null;
    try {
      const fingerprint = fingerprintOf(await handle.stat());
      return { bytes: await handle.readFile(), fingerprint };
    } catch (error) {
      throw new StoreError('STORE_UNREADABLE', this.journalFile, `cannot be read (${(error as Error).message})`);
    } finally {
      await handle.close();
    }
  }

  private journalFingerprint(): Fingerprint | null {
    try {
      return fingerprintOf(statSync(this.journalFile));
    } catch {
      return null;
    }
  }

  private async leftoverTempFiles(): Promise<string[]> {
    const targets = await Promise.all([this.location, this.journalFile].map((file) => realpath(file).catch(() => file)));
    const dir = dirname(targets[0]!);
    const names = await readdir(dir).catch(() => []);
    return names.filter((name) => targets.some((target) => dirname(target) === dir && isTempFileOf(target, name))).map((name) => join(dir, name));
  }

  /** Only under the lock: every writer holds it, so a temp file seen now belongs to a dead one. */
  private async removeLeftoverTempFiles(): Promise<void> {
    await Promise.all((await this.leftoverTempFiles()).map((file) => unlink(file).catch(() => undefined)));
  }
}

/** Someone may have loosened the file: it holds password hashes and sealed secrets. Never loosens one made read-only. */
/** The StoreError for a store file or journal that cannot be read: not a regular file, or a failed read. */
function unreadable(file: string, error: unknown): StoreError {
  if (error instanceof NotRegularFileError) {
    const advice = error.dangling ? 'restore what it points to, or remove the link' : 'kbc-account keeps its data in regular files only';
    return new StoreError('STORE_UNREADABLE', file, `${error.problem}; ${advice}. Nothing was read or written`);
  }
  return new StoreError('STORE_UNREADABLE', file, `cannot be read (${(error as Error).message})`);
}

async function keepPrivate(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (info) await tighten(file, info.mode);
}

const datasync = promisify(fdatasync);

/** Rewrites the journal's header in place with a new epoch (same length: the epoch is fixed-size hex). */
function renewJournalEpoch(fd: number): void {
  const { header, length } = parseHeader('journal', readAt(fd, 0, HEADER_PROBE_BYTES));
  const renewed = Buffer.from(encodeHeader({ ...header, epoch: newJournalId() }), 'utf8');
  if (renewed.length !== length) return;
  writeSync(fd, renewed, 0, renewed.length, 0);
  fdatasyncSync(fd);
}

function tryQuietly(run: () => void): void {
  try {
    run();
  } catch {
    // Best effort: the caller has already decided what happens next.
  }
}

/** `length` bytes of `fd` from `position` (fewer if the file is shorter). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const bytesRead = readSync(fd, buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

/**
 * Makes sure the data directory `dir` exists: created with mode 0700 (parents too) when missing,
 * and then true. An existing directory of ours loses group and other permissions: it holds the
 * secret key. Nothing else about a mode the user set ever changes: a directory made read-only
 * stays read-only, and a write it refuses is an error naming the file. A path that is not a
 * directory or cannot be created or read is a ConfigError saying so.
 */
export async function ensurePrivateDir(dir: string, ownFiles: readonly string[]): Promise<boolean> {
  let created: string | undefined;
  try {
    created = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    const code = errnoOf(error);
    if ((await lstat(dir).catch(() => null))?.isSymbolicLink()) {
      throw new ConfigError(`the data directory ${dir} is a symbolic link to no directory (${code}): name a directory (a new one is created)`);
    }
    // mkdir -p reports a file in the way as EEXIST (the path itself) or ENOTDIR (a parent).
    if (code === 'EEXIST') throw new ConfigError(`the data directory ${dir} is a file, not a directory: name a directory (a new one is created)`);
    if (code === 'ENOTDIR') throw new ConfigError(`the data directory ${dir} cannot be created: a part of its path is a file`);
    throw new ConfigError(`the data directory ${dir} cannot be created (${problemOf(error)})`);
  }
  const info = await stat(dir);
  try {
    await access(dir, constants.R_OK | constants.X_OK);
  } catch {
    throw new ConfigError(`the data directory ${dir} cannot be read (mode ${modeText(info.mode)}): run \`chmod u+rx ${dir}\``);
  }
  // Tighten only a directory that is ours (empty, or holding our files): `--data /tmp` or a
  // project folder must not lose its sticky bit or its readers.
  const names = await readdir(dir).catch(() => []);
  const ours = names.every((name) => ownFiles.some((own) => name === own || name.startsWith(`${own}.`) || name.startsWith(`.${own}`)));
  if (ours) await tighten(dir, info.mode);
  return created !== undefined;
}

/** The mode a file replacing `file` gets: 0600, or stricter when the user made the old one so (read-only stays read-only). */
async function keptMode(file: string): Promise<number> {
  const info = await stat(file).catch(() => null);
  return info ? info.mode & FILE_MODE : FILE_MODE;
}

/** Removes group and other permissions from `path`, never adds any: a mode is tightened, not reset. */
async function tighten(path: string, mode: number): Promise<void> {
  if ((mode & 0o077) !== 0) await chmod(path, mode & 0o7700).catch(() => undefined);
}

/** An errno as words a user acts on: a mode kbc-account keeps as the user set it reads as "permission denied". */
function problemOf(error: unknown): string {
  const code = errnoOf(error);
  if (code === 'EACCES' || code === 'EPERM') return `${code}: permission denied; kbc-account does not change the modes you set`;
  if (code === 'EROFS') return `${code}: read-only file system`;
  return code ?? (error as Error).message;
}

const modeText = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');
