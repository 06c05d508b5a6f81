import type { IndexName } from './indexes.ts';

import type { CollectionKey, DeepReadonly, Entry } from './collections.ts';

export type { CollectionKey, DeepReadonly, Entry } from './collections.ts';

/**
 * A bounded, ordered query over one declared index (indexes.ts): the entries filed under `key`
 * (or any of several keys), ordered by the index's sort value and then by id.
 */
export interface PageQuery {
  readonly key: string | readonly string[];
  /** @default 'asc' */
  readonly order?: 'asc' | 'desc';
  /** At most this many entries; at least 1, at most PAGE_LIMIT_MAX. */
  readonly limit: number;
  /** The `next` of the previous page: continue after its last entry. */
  readonly after?: string | null;
  /** Only entries whose sort value is at least `from` / below `before` (e.g. ISO times). */
  readonly from?: string;
  readonly before?: string;
  /** Only entries with a text field that contains a text (a search); see TextSearch. */
  readonly contains?: TextSearch;
}

/**
 * A search within a page query: entries one of whose `fields` (top-level text fields) contains
 * `text`, in any case (both lower-cased by Unicode's rules; PostgreSQL through ICU). The store
 * looks at no more than `scanMax` entries under the keys (in the query's order, after its cursor),
 * so a search costs a bounded read whatever it finds: when it stops there, the page comes back
 * short, even empty, with a `next` that continues after the last entry it looked at.
 */
export interface TextSearch {
  readonly fields: readonly string[];
  readonly text: string;
  /** At least 1, at most SCAN_LIMIT_MAX. */
  readonly scanMax: number;
}

/** The most entries one searched page may look at. */
export const SCAN_LIMIT_MAX = 5_000;

/** The largest page a query may ask for: a request path reads a bounded number of entries. */
export const PAGE_LIMIT_MAX = 1_000;

export interface Page<T> {
  readonly items: T[];
  /** Pass as `after` for the next page; null when this page was the last. */
  readonly next: string | null;
}

/** What a read-only view offers: entries are shared and must not be changed. */
export interface StoreView {
  get<C extends CollectionKey>(collection: C, id: string): Promise<DeepReadonly<Entry<C>> | null>;
  /**
   * Every entry filed under `key` in a declared index. Only for keys that hold a bounded number
   * of entries (a unique index, an account's tokens); anything that grows without bound is paged.
   */
  find<C extends CollectionKey>(collection: C, index: IndexName<C>, key: string): Promise<DeepReadonly<Entry<C>>[]>;
  page<C extends CollectionKey>(collection: C, index: IndexName<C>, query: PageQuery): Promise<Page<DeepReadonly<Entry<C>>>>;
}

/**
 * A transaction. Entries it reads are its own copies, and a unit of work: what it changes in an
 * entry it read is written at commit, as is what it `put`s and `delete`s. Reads see the
 * transaction's own changes. Entries are validated against the schema at commit.
 */
export interface StoreTransaction {
  get<C extends CollectionKey>(collection: C, id: string): Promise<Entry<C> | null>;
  /** As StoreView.find; on PostgreSQL the rows are locked until the transaction ends. */
  find<C extends CollectionKey>(collection: C, index: IndexName<C>, key: string): Promise<Entry<C>[]>;
  /**
   * As StoreView.page. With `claim`, entries another transaction holds are skipped and the ones
   * returned are held until this one ends (PostgreSQL's FOR UPDATE SKIP LOCKED): for work queues
   * that several processes drain at once. Without it, the entries are read but not locked.
   */
  page<C extends CollectionKey>(collection: C, index: IndexName<C>, query: PageQuery & { readonly claim?: boolean }): Promise<Page<Entry<C>>>;
  /** Sets the entry `id` (new or replaced). */
  put<C extends CollectionKey>(collection: C, id: string, entry: Entry<C>): void;
  delete(collection: CollectionKey, id: string): void;
  /**
   * Reads that take no lock, for what the transaction only consults and must not hold others
   * up on (shared rows: a broadcast notification, the accounts a fan-out visits, an earlier
   * message of a ref): entries as committed (and as this transaction wrote them), read-only and
   * never written back. Whatever the transaction decides to change, it reads through `get`.
   */
  readonly peek: StoreView;
}

/** Either way of reading: helpers that only read take a StoreView, and a transaction is one. */
export type StoreReader = StoreView | StoreTransaction;

/** An entry as `R` gives it: a transaction's own copy, or a view's shared read-only one. */
export type EntryFrom<R extends StoreReader, C extends CollectionKey> = R extends StoreTransaction ? Entry<C> : DeepReadonly<Entry<C>>;

/**
 * The storage port every store implements (memory, file, PostgreSQL) and the contract suite
 * checks (test/core/store/contract).
 *
 * `transact` runs `work` in a transaction: it sees the newest data, no other transaction changes
 * what it read until it ends, and its changes are made durable together before the promise
 * resolves, or not at all if `work` throws. A store may run `work` again when it lost a race
 * (PostgreSQL: a serialization failure, a deadlock, a unique key taken meanwhile), so `work` must
 * do nothing but store calls and computation.
 *
 * No slow work while a transaction runs: argon2, network calls and waiting on anything but the
 * store belong before or after it. A transaction holds the file store's lock or PostgreSQL's
 * row locks, and every other writer of those waits.
 */
/** How a store is closed: see Store.close. */
export interface CloseOptions {
  readonly exiting?: boolean;
}

/** An entry a caller read through a view before its transaction (null: it found none); see TransactOptions. */
export type KnownEntry = { [C in CollectionKey]: { readonly collection: C; readonly id: string; readonly entry: DeepReadonly<Entry<C>> | null } }[CollectionKey];

export interface TransactOptions {
  /**
   * Entries the caller read through a view shortly before (null for one it found missing), for a
   * path with slow work (argon2) between the reads its decision rests on and its writes: the
   * transaction's reads of them are answered from these instead of asking again, and the store
   * checks, holding their locks, that each is still as read before anything is written. When one
   * changed meanwhile, nothing is written and `work` runs again from the start with fresh reads.
   * What `work` sees and what commits is as without them; on PostgreSQL the transaction costs
   * one round trip instead of two. The memory and file stores read in memory and ignore them.
   */
  readonly known?: readonly KnownEntry[];
}

export interface Store {
  transact<T>(work: (tx: StoreTransaction) => Promise<T>, options?: TransactOptions): Promise<T>;
  /**
   * Runs `work` on a read-only view: each read sees the newest committed data (a change committed
   * between two reads shows in the second). Takes no lock: for paths that change nothing.
   */
  view<T>(work: (view: StoreView) => Promise<T>): Promise<T>;
  /**
   * A value that changes whenever any process changed the data, cheap enough to poll: the
   * dashboard's live updates. Equal values mean nothing changed.
   */
  changeSignal(): Promise<string>;
  /**
   * Records `value` as the installation's setting `key` unless one is recorded already, and
   * returns the recorded one: of several processes settling at once, the first one's value wins
   * and every one of them gets it back. For facts fixed once, e.g. which secret key the data is
   * sealed with (KEY_CHECK). A setting is never changed or removed through the port.
   */
  settle(key: string, value: string): Promise<string>;
  /** The installation's setting `key` as settled; null while none is. Takes no lock. */
  setting(key: string): Promise<string | null>;
  /**
   * Releases what the store holds. `exiting`: the process ends right after, so a database store
   * says goodbye to the server without waiting for its answer (a CLI command would otherwise
   * wait for every connection's server process to exit).
   */
  close(options?: CloseOptions): Promise<void>;
  /** A label for messages, e.g. the file path or the database. */
  readonly location: string;
}
