import type { Document } from './schema.ts';
import { indexDefinition } from './indexes.ts';
import { idsUnder, peekEntry, uniqueConflicts, type Change } from './changes.ts';
import { decodeCursor, encodeCursor, checkedPageQuery } from './page.ts';
import { StoreError } from './store-error.ts';
import type { CollectionKey, DeepReadonly, Entry, Page, PageQuery, StoreTransaction, StoreView } from './store.ts';

type Entries = Record<string, unknown>;

/**
 * The ordered page of `query` over `entries` (a stored collection or a draft's): the ids under
 * the query's keys, sorted by the index's sort value and id, cut by range and cursor. O(k log k)
 * for k entries under the keys: fine for the stores that hold everything in memory.
 */
function pageIds(collection: CollectionKey, name: string, entries: Readonly<Entries>, query: PageQuery): { ids: string[]; next: string | null } {
  const { keys, order, limit, after } = checkedPageQuery(query);
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
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { ids: page.map(({ id }) => id), next: rows.length > limit && last ? encodeCursor([last.sort, last.id]) : null };
}

function compare(a: readonly [string, string], b: readonly [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** A read-only view of `doc` (entries shared, never to be changed). */
export function documentView(doc: DeepReadonly<Document>): StoreView {
  const entriesOf = (collection: CollectionKey) => doc[collection] as Readonly<Entries>;
  const entry = <C extends CollectionKey>(collection: C, id: string) =>
    (Object.prototype.hasOwnProperty.call(entriesOf(collection), id) ? entriesOf(collection)[id] : null) as DeepReadonly<Entry<C>> | null;
  return {
    async get(collection, id) {
      return entry(collection, id);
    },
    async find(collection, index, key) {
      return idsUnder(collection, index, entriesOf(collection), key).map((id) => entry(collection, id)!);
    },
    async page(collection, index, query) {
      const { ids, next } = pageIds(collection, index, entriesOf(collection), query);
      return { items: ids.map((id) => entry(collection, id)!), next };
    },
  };
}

/**
 * A transaction over a draft document (draft.ts): reads copy entries into the draft, which
 * tracks what changed; put and delete go to the draft. `checkUnique` refuses, at commit, a
 * change that would file two entries under one key of a unique index.
 */
export function draftTransaction(doc: Document): StoreTransaction & { checkUnique(changes: readonly Change[]): void } {
  const entriesOf = (collection: CollectionKey) => doc[collection] as Entries;
  const entry = <C extends CollectionKey>(collection: C, id: string) =>
    (peekEntry(entriesOf(collection), id) === undefined ? null : entriesOf(collection)[id]) as Entry<C> | null;
  return {
    async get(collection, id) {
      return entry(collection, id);
    },
    async find(collection, index, key) {
      return idsUnder(collection, index, entriesOf(collection), key).map((id) => entry(collection, id)!);
    },
    async page(collection, index, query): Promise<Page<Entry<typeof collection>>> {
      const { ids, next } = pageIds(collection, index, entriesOf(collection), query);
      return { items: ids.map((id) => entry(collection, id)!), next };
    },
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
