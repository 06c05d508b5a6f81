import { createHash } from 'node:crypto';
import { documentSchema, SCHEMA_VERSION, type Document } from './schema.ts';
import { migrate } from './migrations.ts';
import { StoreError } from './store-error.ts';
import { protoKeyIn } from './proto-keys.ts';

/**
 * Parses the text of the store file strictly: a file that is not JSON, not a kbc-account store,
 * newer than this program or not matching the schema is a StoreError naming `file`, never
 * "empty data". An older schema version is migrated forward in memory.
 */
export function parseDocument(file: string, text: string): Document {
  return finishDocument(file, parseRawDocument(file, text).raw);
}

/**
 * The store file ends with the SHA-256 of everything before this suffix: `,"sha256":"<hex>"}`.
 * A file whose bytes match it is exactly as this program wrote it from a validated document, so
 * opening it skips the schema check, the part of opening that cost several times the parse
 * (8 s at 50,000 accounts). Damage anywhere changes the hash and is refused.
 */
const CHECKSUM_KEY = ',"sha256":"';
const CHECKSUM_SUFFIX_LENGTH = CHECKSUM_KEY.length + 64 + 2;

/** The text of a store file holding `doc` at `revision`, continued by the journal `journal`. */
export function encodeStoreFile(doc: Document, revision: number, journal: JournalName): string {
  const { schemaVersion, ...collections } = doc;
  return withChecksum(JSON.stringify({ schemaVersion, revision, journal: { id: journal.id, previous: journal.previous }, ...collections }));
}

/** The store file's text for `body`, a JSON object's text: the same object with its checksum last. */
function withChecksum(body: string): string {
  const open = body.slice(0, -1);
  return `${open}${CHECKSUM_KEY}${createHash('sha256').update(open).digest('hex')}"}`;
}

/** Whether `text` ends with the checksum of what precedes it; null when it carries none. */
function checksumHolds(text: string): boolean | null {
  const suffix = text.slice(-CHECKSUM_SUFFIX_LENGTH);
  if (!/^,"sha256":"[0-9a-f]{64}"\}$/.test(suffix)) return null;
  return createHash('sha256').update(text.slice(0, -CHECKSUM_SUFFIX_LENGTH)).digest('hex') === suffix.slice(CHECKSUM_KEY.length, -2);
}

/** A store file's JSON, checked to be a kbc-account store this program can read, not yet validated. */
export interface RawDocument {
  readonly raw: Record<string, unknown>;
  /** The file is byte for byte what this program wrote from a validated document (see withChecksum). */
  readonly verified: boolean;
  readonly schemaVersion: number;
  /** The journal revision the file is at (0 for a file written before the journal existed). */
  readonly revision: number;
  /** The journal that continues this file, and the one before it; null in files of schema version 2 or older. */
  readonly journal: JournalName | null;
}

/** What a store file says of its journal (see journal.ts). */
export interface JournalName {
  readonly id: string;
  readonly previous: string | null;
}

function journalNameOf(file: string, version: number, value: unknown): JournalName | null {
  // Named since schema version 3; older files never had a name to check.
  if (version < 3 && value === undefined) return null;
  const { id, previous } = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || typeof id !== 'string' || !(previous === null || typeof previous === 'string')) {
    throw new StoreError('STORE_SCHEMA_INVALID', file, `does not name its journal (${JSON.stringify(value) ?? 'nothing'}); it was left untouched`);
  }
  return { id, previous };
}

/** Step one of parseDocument: JSON, a store, a version this program knows. */
export function parseRawDocument(file: string, text: string): RawDocument {
  const verified = checksumHolds(text);
  if (verified === false) {
    throw new StoreError(
      'STORE_CHECKSUM_INVALID',
      file,
      'does not match the checksum kbc-account wrote into it: it was changed since (damaged, or edited by hand). It was left untouched; restore it from a backup',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const what = text.trim() === '' ? 'is empty' : `is not valid JSON (${(error as Error).message})`;
    throw new StoreError('STORE_NOT_JSON', file, `${what}; it was left untouched`);
  }
  const protoKey = protoKeyIn(text, raw);
  if (protoKey !== null) {
    throw new StoreError('STORE_SCHEMA_INVALID', file, `has a "__proto__" key (${protoKey}), which no kbc-account store holds; it was left untouched`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.hasOwn(raw, 'schemaVersion')) {
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
  const { revision = 0, journal, sha256: _checksum, ...rest } = raw as Record<string, unknown>;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    throw new StoreError('STORE_FOREIGN', file, `has an invalid revision ${JSON.stringify(revision)}; it was left untouched`);
  }
  return { raw: rest, verified: verified === true && version === SCHEMA_VERSION, schemaVersion: version, revision, journal: journalNameOf(file, version, journal) };
}

/**
 * A store file whose checksum holds, as the document it is: written by this program from a
 * validated document, so only its outline is checked (every collection an object), not each entry.
 */
export function asWrittenDocument(file: string, raw: Record<string, unknown>): Document {
  for (const key of Object.keys(documentSchema.shape)) {
    if (key === 'schemaVersion') continue;
    const collection = raw[key];
    if (typeof collection !== 'object' || collection === null || Array.isArray(collection)) {
      throw new StoreError('STORE_SCHEMA_INVALID', file, `has no collection ${key}; it was left untouched`);
    }
  }
  return raw as Document;
}

/** Step two of parseDocument: migrates forward and validates against the schema. */
export function finishDocument(file: string, raw: Record<string, unknown>): Document {
  const version = raw['schemaVersion'] as number;
  const migrated = version < SCHEMA_VERSION ? migrate(raw, version) : raw;
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
