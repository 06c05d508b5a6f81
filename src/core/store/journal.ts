import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { documentSchema } from './schema.ts';
import type { Change, CollectionKey } from './changes.ts';
import { StoreError } from './store-error.ts';
import { protoKeyIn } from './proto-keys.ts';

/**
 * The journal: the store's changes since the store file was last written whole. A line of JSON
 * per committed transaction, after a header line:
 *
 *     {"journal":"kbc-account","schemaVersion":3,"id":"…","epoch":"…","previous":"…","base":41}
 *     {"rev":42,"changes":[["notificationReads","acc_…",{…}]]}
 *
 * The store file holds the document as of revision `base` and names the journal that continues
 * it (`id`) and the one before (`previous`), so that a missing, foreign or older journal is
 * refused instead of silently showing other data. Record `rev` n turns revision n-1 into n. A transaction appends one record and fsyncs it, so its cost does not grow with the
 * document. A line without its final newline was cut short by a crash and was never
 * acknowledged: readers ignore it and the next writer cuts it off. Compaction writes the store
 * file at the newest revision, then a new journal (new id) holding only a header.
 */
export const JOURNAL_SUFFIX = '.journal';
const JOURNAL_MARK = 'kbc-account';
const NEWLINE = 0x0a;

export interface JournalHeader {
  /** Random per journal file: a new id means the file was replaced (compacted). */
  readonly id: string;
  /**
   * Random, renewed in place when an append was cut back after a failed fsync: a reader that saw
   * the cut record must load again. Separate from `id`, which the store file names.
   */
  readonly epoch: string;
  /** The id of the journal this one replaced at compaction; null for a store's first journal. */
  readonly previous: string | null;
  /** The revision the journal continues from. */
  readonly base: number;
  readonly schemaVersion: number;
}

export interface JournalRecord {
  readonly rev: number;
  readonly changes: readonly Change[];
}

export const journalFileOf = (storeFile: string): string => `${storeFile}${JOURNAL_SUFFIX}`;

/** A fresh random id or epoch: fixed-size hex, so a header can be rewritten in place. */
export const newJournalId = (): string => randomBytes(8).toString('hex');

export function encodeHeader(header: JournalHeader): string {
  const { schemaVersion, id, epoch, previous, base } = header;
  return `${JSON.stringify({ journal: JOURNAL_MARK, schemaVersion, id, epoch, previous, base })}\n`;
}

export function encodeRecord(record: JournalRecord): Buffer {
  return Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
}

const isRevision = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function corrupt(file: string, problem: string): StoreError {
  return new StoreError('STORE_JOURNAL_INVALID', file, `${problem}; it was left untouched`);
}

/**
 * The header of the journal whose first bytes are `bytes`, and the length of the header line. A
 * journal is only ever created whole (header included, by an atomic rename), so an empty one or one
 * without a complete header was damaged: records may be lost, and that is reported.
 */
export function parseHeader(file: string, bytes: Buffer): { header: JournalHeader; length: number } {
  const end = bytes.indexOf(NEWLINE);
  if (end < 0) throw corrupt(file, bytes.length === 0 ? 'is empty' : 'has no complete header line');
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.subarray(0, end).toString('utf8'));
  } catch {
    throw corrupt(file, 'has a header that is not JSON');
  }
  const { journal, id, epoch = id, previous = null, base, schemaVersion } = (raw ?? {}) as Record<string, unknown>;
  // Journals of schema version 2 had neither an epoch nor a previous id.
  if (journal !== JOURNAL_MARK || typeof id !== 'string' || typeof epoch !== 'string' || (previous !== null && typeof previous !== 'string') || !isRevision(base) || !isRevision(schemaVersion)) {
    throw corrupt(file, 'is not a kbc-account journal (bad header)');
  }
  return { header: { id, epoch, previous, base, schemaVersion }, length: end + 1 };
}

const SHAPE = documentSchema.shape;
const COLLECTIONS = new Set<string>(Object.keys(SHAPE).filter((key) => key !== 'schemaVersion'));

/**
 * The complete records in `bytes` (journal content after the header, or after what was already
 * read), which must continue revision `after` without a gap, and how many bytes they take. A
 * trailing line without its newline is not counted: it is not a record yet. With `validate`, every
 * entry is checked against the current schema (for a journal of this program's schema version).
 */
export function parseRecords(file: string, bytes: Buffer, after: number, validate: boolean): { records: JournalRecord[]; length: number } {
  const records: JournalRecord[] = [];
  let start = 0;
  let expected = after + 1;
  for (let end = bytes.indexOf(NEWLINE); end >= 0; start = end + 1, end = bytes.indexOf(NEWLINE, start)) {
    let raw: unknown;
    const line = bytes.subarray(start, end).toString('utf8');
    try {
      raw = JSON.parse(line);
    } catch {
      throw corrupt(file, `has a record that is not JSON (after revision ${expected - 1})`);
    }
    // Replayed by assignment, such a key would replace a collection's prototype (see proto-keys.ts).
    const protoKey = protoKeyIn(line, raw);
    if (protoKey !== null) throw corrupt(file, `has a record with a "__proto__" key (${protoKey}, after revision ${expected - 1})`);
    const { rev, changes } = (raw ?? {}) as { rev?: unknown; changes?: unknown };
    if (!isRevision(rev) || !Array.isArray(changes)) throw corrupt(file, `has a malformed record (after revision ${expected - 1})`);
    if (rev !== expected) throw corrupt(file, `skips from revision ${expected - 1} to ${rev}`);
    records.push({ rev, changes: changes.map((change: unknown) => checkedChange(file, rev, change, validate)) });
    expected++;
  }
  return { records, length: start };
}

function checkedChange(file: string, rev: number, change: unknown, validate: boolean): Change {
  const bad = (what: string) => corrupt(file, `has an invalid change in revision ${rev} (${what})`);
  if (!Array.isArray(change) || (change.length !== 2 && change.length !== 3)) throw bad('not [collection, key, value?]');
  const [collection, key] = change as [unknown, unknown];
  if (typeof collection !== 'string' || !COLLECTIONS.has(collection) || typeof key !== 'string') throw bad(`unknown collection ${JSON.stringify(collection)}`);
  if (key === '__proto__') throw bad(`${collection}: "__proto__" is not a key`);
  const name = collection as CollectionKey;
  if (change.length === 2) return [name, key];
  if (!validate) return [name, key, change[2]];
  const schema = SHAPE[name] as unknown as z.ZodRecord<z.ZodType<string>, z.ZodType>;
  if (!schema.keyType.safeParse(key).success) throw bad(`${name}.${key}: invalid key`);
  const value = schema.valueType.safeParse(change[2]);
  if (!value.success) {
    const issue = value.error.issues[0];
    // Well-formed, but data this program would never have written: the same code as such an entry in the store file.
    throw new StoreError(
      'STORE_SCHEMA_INVALID',
      file,
      `has an entry in revision ${rev} that does not match the schema (${[name, key, ...(issue?.path ?? [])].map(String).join('.')}: ${issue?.message}); the journal and the store file were left untouched`,
    );
  }
  return [name, key, value.data];
}

/** Applies records to a raw (not yet validated) document, for a journal read whole with its store file. */
export function applyRaw(raw: Record<string, unknown>, records: readonly JournalRecord[]): void {
  for (const record of records) {
    for (const change of record.changes) {
      const [collection, key] = change;
      const entries = (raw[collection] ?? (raw[collection] = {})) as Record<string, unknown>;
      if (typeof entries !== 'object' || entries === null) continue;
      if (change.length === 3) entries[key] = change[2];
      else delete entries[key];
    }
  }
}
