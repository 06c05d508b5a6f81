import type { CollectionKey, Entry } from './collections.ts';

/**
 * A secondary index over one collection, declared by the feature that queries it (its
 * `indexes.ts`, gathered in store/indexes.ts). Every store keeps it: the memory and file stores in
 * maps kept current by every change, PostgreSQL in an index table written in the same
 * transaction as the entry.
 */
export interface IndexDefinition<C extends CollectionKey> {
  /** The keys the entry is filed under; none leaves it out of this index. */
  readonly keys: (entry: Entry<C>) => readonly string[];
  /** Orders the entries under one key (then by id); ISO-8601 UTC times order as strings. @default '' */
  readonly sort?: (entry: Entry<C>) => string;
  /** At most one entry per key: a second is refused (a unique constraint on PostgreSQL). */
  readonly unique?: boolean;
}

/** The indexes of one collection, by name. */
export type IndexesOf<C extends CollectionKey> = Readonly<Record<string, IndexDefinition<C>>>;

/** The key under which an index files every entry, for "all entries, ordered". */
export const ALL = '*';

/** The unique index from numeric id to entry that each numbered collection declares (see store/sequences.ts). */
export const numericIdIndex = { keys: (entry: { readonly numericId: number }) => [String(entry.numericId)], unique: true } as const;
