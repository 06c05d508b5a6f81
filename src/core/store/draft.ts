import type { z } from 'zod';
import { documentSchema, type Document } from './schema.ts';
import { DRAFT_COLLECTION, type Change, type CollectionKey, type DraftCollectionView } from './changes.ts';

/**
 * A copy-on-write draft of the document for one transaction. Copying the whole document
 * (structuredClone) and validating it whole on every write cost seconds at 50,000 accounts; a
 * change touches a handful of entries. So the draft is a view over the base document: an entry
 * of a collection (`doc.accounts[id]`, …) is deep-copied the first time the change reads it, and
 * only entries read, set or deleted are validated at commit. The base document is never changed.
 * Untouched entries are shared with the base, which was validated when it was parsed or written.
 */
export interface Draft {
  /** What the change mutates: behaves as a plain Document. */
  readonly doc: Document;
  /**
   * The validated entry-level changes the transaction made (none when it only read). Throws when
   * a touched entry is invalid, or the schema version was changed: a bug in a service, not bad
   * data on disk. Nothing is applied: the caller persists the changes, then applies them.
   */
  commit(): Change[];
}

type Entries = Record<string, unknown>;
type RecordSchema = z.ZodRecord<z.ZodType<string>, z.ZodType>;

const DELETED = Symbol('deleted');
const SHAPE = documentSchema.shape;
const COLLECTION_KEYS = (Object.keys(SHAPE) as (keyof Document)[]).filter((key): key is CollectionKey => key !== 'schemaVersion');
const isCollectionKey = (key: PropertyKey): key is CollectionKey => typeof key === 'string' && (COLLECTION_KEYS as string[]).includes(key);
const own = (object: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(object, key);

function invalid(path: readonly PropertyKey[], issue: z.core.$ZodIssue | undefined): Error {
  return new Error(`refusing to write an invalid document: ${[...path, ...(issue?.path ?? [])].map(String).join('.')}: ${issue?.message}`);
}

/** One collection's view: reads copy on first access, writes and deletes go to a log replayed at commit. */
class CollectionDraft {
  /** The current value of every entry the change read or wrote; DELETED when removed. */
  private readonly touched = new Map<string, unknown>();
  /** Writes and deletes in order, so the committed object has a plain object's key order. */
  private readonly log: (readonly [string, typeof DELETED | null])[] = [];
  readonly proxy: Entries;
  /** For indexes (see idsUnder in changes.ts): the base, and the keys whose entries may differ from it. */
  readonly view: DraftCollectionView;

  constructor(private readonly base: Readonly<Entries>) {
    /** The entry as it stands, not copied: never handed to the change to modify. */
    const peek = (key: string): unknown => (this.touched.has(key) ? this.touched.get(key) : base[key]);
    this.view = {
      base,
      touchedKeys: () => this.touched.keys(),
      peekOne: (key) => {
        const value = peek(key);
        return value === DELETED || (!this.touched.has(key) && !own(base, key)) ? undefined : value;
      },
    };
    const has = (key: string) => (this.touched.has(key) ? this.touched.get(key) !== DELETED : own(base, key));
    const get = (key: string): unknown => {
      if (this.touched.has(key)) {
        const value = this.touched.get(key);
        return value === DELETED ? undefined : value;
      }
      if (!own(base, key)) return undefined;
      const copy: unknown = structuredClone(base[key]);
      this.touched.set(key, copy);
      return copy;
    };
    const set = (key: string, value: unknown) => {
      this.touched.set(key, value);
      this.log.push([key, null]);
    };
    this.proxy = new Proxy<Entries>(
      {},
      {
        get: (_target, key) => (key === DRAFT_COLLECTION ? this.view : typeof key === 'string' && has(key) ? get(key) : Reflect.get(Object.prototype, key)),
        set: (_target, key, value) => (typeof key === 'string' ? (set(key, value), true) : false),
        defineProperty: (_target, key, descriptor) => (typeof key === 'string' ? (set(key, descriptor.value), true) : false),
        deleteProperty: (_target, key) => {
          if (typeof key === 'string' && has(key)) {
            this.touched.set(key, DELETED);
            this.log.push([key, DELETED]);
          }
          return true;
        },
        has: (_target, key) => (typeof key === 'string' && has(key)) || key in Object.prototype,
        ownKeys: () => this.keys(),
        // Asked for each key by Object.keys and for...in, which only need to know it exists: not copied.
        // Object.values, Object.entries and spreading read each value through `get` after this.
        getOwnPropertyDescriptor: (_target, key) =>
          typeof key === 'string' && has(key) ? { value: peek(key), writable: true, enumerable: true, configurable: true } : undefined,
      },
    );
  }

  /** The keys in the order a plain object would have them after the same writes and deletes. */
  private keys(): string[] {
    if (this.log.length === 0) return Object.keys(this.base);
    const order = new Map<string, true>(Object.keys(this.base).map((key) => [key, true]));
    for (const [key, deleted] of this.log) {
      if (deleted) order.delete(key);
      else if (!order.has(key)) order.set(key, true);
    }
    return [...order.keys()];
  }

  /**
   * The entry-level changes, validated: deletes first (in order), then every touched entry whose
   * value differs from the base (an entry only read is not a change, and is not validated again). Replaying them over the base
   * gives what a plain object would hold after the same writes and deletes, key order included.
   */
  changes(name: CollectionKey): Change[] {
    if (this.touched.size === 0) return [];
    const schema = SHAPE[name] as unknown as RecordSchema;
    const changes: Change[] = [];
    const deleted = new Set<string>();
    for (const [key, mark] of this.log) {
      if (mark === DELETED && own(this.base, key) && !deleted.has(key)) {
        deleted.add(key);
        changes.push([name, key]);
      }
    }
    for (const [key, value] of this.touched) {
      if (value === DELETED) continue;
      const baseText = own(this.base, key) && !deleted.has(key) ? JSON.stringify(this.base[key]) : null;
      // Unchanged (most often only read): the base entry was valid, so this is; nothing to write.
      if (baseText !== null && JSON.stringify(value) === baseText) continue;
      const checked = validEntry(schema, name, key, value);
      if (baseText === null || JSON.stringify(checked) !== baseText) changes.push([name, key, checked]);
    }
    return changes;
  }
}

/** `value` checked (and normalised) against collection `name`'s schema before it is written; throws when invalid. */
export function validateEntry(name: CollectionKey, key: string, value: unknown): unknown {
  return validEntry(SHAPE[name] as unknown as RecordSchema, name, key, value);
}

function validEntry(schema: RecordSchema, name: CollectionKey, key: string, value: unknown): unknown {
  const checkedKey = schema.keyType.safeParse(key);
  if (!checkedKey.success) throw invalid([name, key], checkedKey.error.issues[0]);
  const checked = schema.valueType.safeParse(value);
  if (!checked.success) throw invalid([name, key], checked.error.issues[0]);
  return checked.data;
}

/** The changes that turn the collection `base` into `value`, which replaced it whole. */
function replacementChanges(name: CollectionKey, base: Readonly<Entries>, value: unknown): Change[] {
  const checked = (SHAPE[name] as unknown as RecordSchema).safeParse(value);
  if (!checked.success) throw invalid([name], checked.error.issues[0]);
  const next = checked.data as Entries;
  const changes: Change[] = Object.keys(base)
    .filter((key) => !own(next, key))
    .map((key): Change => [name, key]);
  for (const [key, entry] of Object.entries(next)) {
    if (!own(base, key) || JSON.stringify(entry) !== JSON.stringify(base[key])) changes.push([name, key, entry]);
  }
  return changes;
}

/** Starts a draft over `base` (which is never modified). */
export function createDraft(base: Document): Draft {
  const collections = new Map<CollectionKey, CollectionDraft>();
  /** Collections the change replaced whole (`doc.outbox = {…}`): validated whole. */
  const replaced = new Map<CollectionKey, unknown>();
  let schemaVersion: unknown = base.schemaVersion;

  const collection = (key: CollectionKey) => {
    let draft = collections.get(key);
    if (!draft) collections.set(key, (draft = new CollectionDraft(base[key] as Entries)));
    return draft;
  };
  const current = (key: PropertyKey): unknown => {
    if (key === 'schemaVersion') return schemaVersion;
    if (!isCollectionKey(key)) return undefined;
    return replaced.has(key) ? replaced.get(key) : collection(key).proxy;
  };
  const assign = (key: PropertyKey, value: unknown): boolean => {
    if (key === 'schemaVersion') schemaVersion = value;
    else if (isCollectionKey(key)) replaced.set(key, value);
    // Anything else is not part of the document (the schema would strip it): ignored.
    return true;
  };

  const doc = new Proxy<Document>({} as Document, {
    get: (_target, key) => (key === 'schemaVersion' || isCollectionKey(key) ? current(key) : Reflect.get(Object.prototype, key)),
    set: (_target, key, value) => assign(key, value),
    defineProperty: (_target, key, descriptor) => assign(key, descriptor.value),
    deleteProperty: (_target, key) => assign(key, undefined),
    has: (_target, key) => key === 'schemaVersion' || isCollectionKey(key) || key in Object.prototype,
    ownKeys: () => ['schemaVersion', ...COLLECTION_KEYS],
    getOwnPropertyDescriptor: (_target, key) =>
      key === 'schemaVersion' || isCollectionKey(key) ? { value: current(key), writable: true, enumerable: true, configurable: true } : undefined,
  });

  return {
    doc,
    commit() {
      if (schemaVersion !== base.schemaVersion) throw new Error('refusing to write: a transaction may not change the schema version');
      const changes: Change[] = [];
      for (const key of COLLECTION_KEYS) {
        if (replaced.has(key)) changes.push(...replacementChanges(key, base[key] as Entries, replaced.get(key)));
        else changes.push(...(collections.get(key)?.changes(key) ?? []));
      }
      return changes;
    },
  };
}
