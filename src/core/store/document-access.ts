import type { Document } from './schema.ts';
import { indexDefinition } from './indexes.ts';
import { idsUnder, peekEntry, uniqueConflicts, type Change } from './changes.ts';
import { decodeCursor, encodeCursor, checkedPageQuery, matchesSearch, searchedPage } from './page.ts';
import { StoreError } from './store-error.ts';
import type { CollectionKey, DeepReadonly, PageQuery, StoreTransaction, StoreView } from './store.ts';

type Entries = Record<string, unknown>;

/**
 * The ordered page of `query` over `entries` (a stored collection or a draft's): the ids under
 * the query's keys, sorted by the index's sort value and id, cut by range and cursor. O(k log k)
 * for k entries under the keys: fine for the stores that hold everything in memory.
 */
function pageIds(collection: CollectionKey, name: string, entries: Readonly<Entries>, query: PageQuery): { ids: string[]; next: string | null } {
  const { keys, order, limit, after, search } = checkedPageQuery(query);
  const definition = indexDefinition(collection, name);
  const sortOf = (id: string) => definition.sort?.(peekEntry(entries, id) as never) ?? '';
  const ids = new Set<string>();
  for (const key of keys) for (const id of idsUnder(collection, name, entries, key)) ids.add(id);
  const cursor = after ? decodeCursor(after) : null;
  const sign = order === 'desc' ? -1 : 1;
  const rows = [...ids]
    .map((id) => ({ id, sort: sortOf(id) }))
    .filter(({ sort }) => (query.from === undefined || sort >= query.from) && (query.before === undefined || sort < query.before))
    .filter(({ id, sort }) => cursor === null || sign * compare([sort, id], cursor) > 0)
    .sort((a, b) => sign * compare([a.sort, a.id], [b.sort, b.id]));
  if (search) {
    const found = searchedPage(rows, limit, search, ({ id }) => matchesSearch(peekEntry(entries, id), search));
    return { ids: found.rows.map(({ id }) => id), next: found.next };
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { ids: page.map(({ id }) => id), next: rows.length > limit && last ? encodeCursor([last.sort, last.id]) : null };
}

function compare(a: readonly [string, string], b: readonly [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * The reads of the port over in-memory collections: `entryOf` gives the entry `id` as the reader
 * hands it out (shared, or copied into a draft), `entriesOf` the collection to look it up in.
 */
function readsOver(entriesOf: (collection: CollectionKey) => Readonly<Entries>, entryOf: (collection: CollectionKey, id: string) => unknown) {
  return {
    async get(collection: CollectionKey, id: string) {
      return entryOf(collection, id) ?? null;
    },
    async find(collection: CollectionKey, index: string, key: string) {
      return idsUnder(collection, index, entriesOf(collection), key).map((id) => entryOf(collection, id));
    },
    async page(collection: CollectionKey, index: string, query: PageQuery) {
      const { ids, next } = pageIds(collection, index, entriesOf(collection), query);
      return { items: ids.map((id) => entryOf(collection, id)), next };
    },
  };
}

/** A read-only view of `doc` (entries shared, never to be changed). */
export function documentView(doc: DeepReadonly<Document>): StoreView {
  const entriesOf = (collection: CollectionKey) => doc[collection] as Readonly<Entries>;
  return readsOver(entriesOf, (collection, id) => peekEntry(entriesOf(collection), id)) as StoreView;
}

/**
 * A transaction over a draft document (draft.ts): reads copy entries into the draft, which
 * tracks what changed; put and delete go to the draft. `checkUnique` refuses, at commit, a
 * change that would file two entries under one key of a unique index.
 */
export function draftTransaction(doc: Document): StoreTransaction & { checkUnique(changes: readonly Change[]): void } {
  const entriesOf = (collection: CollectionKey) => doc[collection] as Entries;
  // Reading through the draft's proxy copies the entry into the draft, which then tracks it.
  const tracked = readsOver(entriesOf, (collection, id) => (peekEntry(entriesOf(collection), id) === undefined ? undefined : entriesOf(collection)[id]));
  return {
    ...(tracked as Pick<StoreTransaction, 'get' | 'find' | 'page'>),
    // The store runs one transaction at a time: reads that do not copy into the draft are peeks.
    peek: readsOver(entriesOf, (collection, id) => peekEntry(entriesOf(collection), id)) as StoreView,
    put(collection, id, value) {
      entriesOf(collection)[id] = value;
    },
    delete(collection, id) {
      delete entriesOf(collection)[id];
    },
    checkUnique(changes) {
      for (const change of changes) {
        if (change.length !== 3) continue;
        const [collection, id] = change;
        const conflicts = uniqueConflicts(collection, entriesOf(collection), id);
        if (conflicts.length > 0) {
          throw new StoreError('STORE_CONFLICT', conflicts[0]!, `already has an entry under the key of ${collection} ${id}; nothing was written`);
        }
      }
    },
  };
}
