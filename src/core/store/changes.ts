import type { Document } from './schema.ts';
import type { CollectionKey } from './store.ts';
import { indexDefinition, indexesOf } from './indexes.ts';

export type { CollectionKey } from './store.ts';

/**
 * One entry-level change of a transaction: `[collection, key, value]` sets an entry,
 * `[collection, key]` deletes it. A transaction's changes are written to the journal as they are
 * and applied in order, so replaying them gives the same document (key order included).
 */
export type Change = readonly [collection: CollectionKey, key: string, value: unknown] | readonly [collection: CollectionKey, key: string];

type Entries = Record<string, unknown>;
/** index key → ids filed under it */
type IndexMap = Map<string, Set<string>>;

/** Built lazily per collection object and index name, then kept current by applyChanges. */
const built = new WeakMap<object, Map<string, IndexMap>>();
/** Collections a store holds and changes only through applyChanges: the only ones indexed. */
const owned = new WeakSet<object>();

/** Registers the collections of a document a store has just loaded or created (see idsUnder). */
export function adoptCollections(doc: Document): void {
  for (const [key, value] of Object.entries(doc)) if (key !== 'schemaVersion') owned.add(value as object);
}

function addTo(index: IndexMap, indexKey: string, id: string): void {
  let ids = index.get(indexKey);
  if (!ids) index.set(indexKey, (ids = new Set()));
  ids.add(id);
}

function removeFrom(index: IndexMap, indexKey: string, id: string): void {
  const ids = index.get(indexKey);
  ids?.delete(id);
  if (ids?.size === 0) index.delete(indexKey);
}

const has = (entries: object, key: string) => Object.prototype.hasOwnProperty.call(entries, key);
const keysOf = (collection: CollectionKey, name: string, entry: unknown): readonly string[] =>
  entry === undefined ? [] : indexDefinition(collection, name).keys(entry as never);

/**
 * Applies `changes` to `doc` in place: entries are replaced, never modified, so an entry object a
 * caller holds keeps its content; the collection objects show the newest entries. The indexes
 * built over these collections are updated as entries change.
 */
export function applyChanges(doc: Document, changes: readonly Change[]): void {
  for (const change of changes) {
    const [collection, key] = change;
    const entries = doc[collection] as Entries;
    const indexes = built.get(entries);
    if (indexes) {
      const before = has(entries, key) ? entries[key] : undefined;
      const after = change.length === 3 ? change[2] : undefined;
      for (const [name, index] of indexes) {
        const old = keysOf(collection, name, before);
        const now = keysOf(collection, name, after);
        // Keys kept are left in place, so an index lists ids in the order they were added.
        for (const indexKey of old) if (!now.includes(indexKey)) removeFrom(index, indexKey, key);
        for (const indexKey of now) if (!old.includes(indexKey)) addTo(index, indexKey, key);
      }
    }
    if (change.length === 3) entries[key] = change[2];
    else delete entries[key];
  }
}

/** What a draft's collection proxy answers to DRAFT_COLLECTION: its base and the keys it touched. */
export interface DraftCollectionView {
  readonly base: Readonly<Entries>;
  touchedKeys(): Iterable<string>;
  /** The entry `key` as it stands in the draft, not copied (undefined when absent or deleted). */
  peekOne(key: string): unknown;
}

/** Asked of a draft's collection proxy, it answers with its DraftCollectionView. */
export const DRAFT_COLLECTION = Symbol('draft collection');

export const draftViewOf = (entries: Readonly<Entries>): DraftCollectionView | undefined =>
  (entries as { [DRAFT_COLLECTION]?: DraftCollectionView })[DRAFT_COLLECTION];

/** The entry `id` of `entries` without the copy a draft makes of what it is asked for. */
export function peekEntry(entries: Readonly<Entries>, id: string): unknown {
  const draft = draftViewOf(entries);
  return draft ? draft.peekOne(id) : has(entries, id) ? entries[id] : undefined;
}

function indexOf(collection: CollectionKey, name: string, base: Readonly<Entries>): IndexMap {
  let indexes = built.get(base);
  if (!indexes) built.set(base, (indexes = new Map()));
  let index = indexes.get(name);
  if (!index) {
    index = new Map();
    for (const [id, entry] of Object.entries(base)) for (const key of keysOf(collection, name, entry)) addTo(index, key, id);
    indexes.set(name, index);
  }
  return index;
}

/**
 * The ids of the entries of `entries` (a stored collection, or a transaction draft's) filed under
 * `key` in the declared index `name`: built on first use in O(n), then O(1) per lookup. In a
 * draft: the base's ids plus the entries the draft touched, each checked.
 */
export function idsUnder(collection: CollectionKey, name: string, entries: Readonly<Entries>, key: string): string[] {
  const draft = draftViewOf(entries);
  const base = draft?.base ?? entries;
  const filedUnder = (id: string) => keysOf(collection, name, peekEntry(entries, id)).includes(key);
  // Any other object (a hand-built document) may change without applyChanges knowing: scanned, never indexed.
  if (!owned.has(base)) return Object.keys(entries).filter(filedUnder);
  const candidates = new Set(indexOf(collection, name, base).get(key));
  for (const id of draft?.touchedKeys() ?? []) candidates.add(id);
  // Checked one by one: cheap, and right even for an entry the draft changed or deleted.
  return [...candidates].filter(filedUnder);
}

/** The unique indexes of `collection` whose key `id`'s entry shares with another entry: a conflict to refuse. */
export function uniqueConflicts(collection: CollectionKey, entries: Readonly<Entries>, id: string): string[] {
  const entry = peekEntry(entries, id);
  if (entry === undefined) return [];
  return indexesOf(collection)
    .filter(([, definition]) => definition.unique)
    .flatMap(([name, definition]) =>
      definition.keys(entry as never).some((key) => idsUnder(collection, name, entries, key).some((other) => other !== id)) ? [`${collection}.${name}`] : [],
    );
}
