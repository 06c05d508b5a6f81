import type { Document } from './schema.ts';
import type { DeepReadonly } from './store.ts';

/** The document's collections: every top-level key but the schema version. */
export type CollectionKey = Exclude<keyof Document, 'schemaVersion'>;

/**
 * One entry-level change of a transaction: `[collection, key, value]` sets an entry,
 * `[collection, key]` deletes it. A transaction's changes are written to the journal as they are
 * and applied in order, so replaying them gives the same document (key order included).
 */
export type Change = readonly [collection: CollectionKey, key: string, value: unknown] | readonly [collection: CollectionKey, key: string];

type Entries = Record<string, unknown>;
type IndexMap = Map<string, Set<string>>;

interface IndexDefinition {
  readonly collection: CollectionKey;
  readonly keyOf: (entry: never) => string;
  /** Built lazily per collection object, then kept current by applyChanges. */
  readonly built: WeakMap<object, IndexMap>;
}

const definitions = new Map<CollectionKey, IndexDefinition[]>();
/** Collections a store holds and changes only through applyChanges: the only ones indexed. */
const owned = new WeakSet<object>();

/** Registers the collections of a document a store has just loaded or created (see defineIndex). */
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

/**
 * Applies `changes` to `doc` in place: entries are replaced, never modified, so an entry object a
 * caller holds keeps its content; the collection objects show the newest entries. Secondary
 * indexes built over these collections are updated as entries change.
 */
export function applyChanges(doc: Document, changes: readonly Change[]): void {
  for (const change of changes) {
    const [collection, key] = change;
    const entries = doc[collection] as Entries;
    for (const definition of definitions.get(collection) ?? []) {
      const index = definition.built.get(entries);
      if (!index) continue;
      const keyOf = definition.keyOf as (entry: unknown) => string;
      const before = Object.prototype.hasOwnProperty.call(entries, key) ? keyOf(entries[key]) : null;
      const after = change.length === 3 ? keyOf(change[2]) : null;
      // Same key: left in place, so an index lists ids in the order they were added, as the collection does.
      if (before === after) continue;
      if (before !== null) removeFrom(index, before, key);
      if (after !== null) addTo(index, after, key);
    }
    if (change.length === 3) entries[key] = change[2];
    else delete entries[key];
  }
}

/** What a draft's collection proxy answers to DRAFT_COLLECTION: its base and the keys it touched. */
export interface DraftCollectionView {
  readonly base: Readonly<Entries>;
  touchedKeys(): Iterable<string>;
  /** Every entry as it stands in the draft, without copying the untouched ones. */
  peek(): unknown[];
}

/**
 * The entries of a collection, read-only and, inside a transaction, without the copy a draft
 * makes of every entry it is asked for: for scanning a whole collection to find the few entries
 * to change, which are then changed through `doc[collection][id]`. Reading every entry through
 * the draft copied (and compared at commit) all of them: all 50,000 tokens for a reminder run.
 * The values ARE the stored entries: never modify one, nor spread one into a new entry and then
 * modify what it shares (a nested object) — that would change stored data behind the journal.
 */
export function peekValues<T>(entries: Readonly<Record<string, T>>): readonly DeepReadonly<T>[] {
  const draft = (entries as { [DRAFT_COLLECTION]?: DraftCollectionView })[DRAFT_COLLECTION];
  return (draft ? draft.peek() : Object.values(entries)) as DeepReadonly<T>[];
}

/** Asked of a draft's collection proxy, it answers with its DraftCollectionView. */
export const DRAFT_COLLECTION = Symbol('draft collection');

/** The entries of `entries` whose ids `lookup` gave, in that order. */
export function entriesOf<T>(entries: Readonly<Record<string, T>>, ids: readonly string[]): T[] {
  return ids.map((id) => entries[id]!);
}

/**
 * A secondary index over one collection of a stored document (e.g. accounts by email): built on
 * first use in O(n), then kept current by every change the store applies, so a lookup is O(1).
 * The returned function gives the ids of the entries whose `keyOf` is `value`, in a snapshot or
 * in a transaction's draft (the base's index, plus the entries the draft touched, each checked).
 */
export function defineIndex<C extends CollectionKey>(
  collection: C,
  keyOf: (entry: Document[C][string]) => string,
): (entries: Readonly<Record<string, unknown>>, value: string) => string[] {
  const definition: IndexDefinition = { collection, keyOf: keyOf as (entry: never) => string, built: new WeakMap() };
  definitions.set(collection, [...(definitions.get(collection) ?? []), definition]);
  const indexOf = (base: Readonly<Entries>): IndexMap => {
    let index = definition.built.get(base);
    if (!index) {
      index = new Map();
      for (const [id, entry] of Object.entries(base)) addTo(index, keyOf(entry as Document[C][string]), id);
      definition.built.set(base, index);
    }
    return index;
  };
  return (entries, value) => {
    const draft = (entries as { [DRAFT_COLLECTION]?: DraftCollectionView })[DRAFT_COLLECTION];
    const base = draft?.base ?? entries;
    // Any other object (a hand-built document, a collection a transaction replaced whole) may
    // change without applyChanges knowing: scanned, never indexed.
    if (!owned.has(base)) return Object.keys(entries).filter((id) => keyOf(entries[id] as Document[C][string]) === value);
    const candidates = new Set(indexOf(base).get(value));
    for (const key of draft?.touchedKeys() ?? []) candidates.add(key);
    // Checked one by one: cheap, and right even for an entry the draft changed or deleted.
    return [...candidates].filter((id) => {
      const entry = entries[id];
      return entry !== undefined && keyOf(entry as Document[C][string]) === value;
    });
  };
}
