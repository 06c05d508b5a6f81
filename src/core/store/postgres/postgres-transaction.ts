import { createHash } from 'node:crypto';
import pg from 'pg';

const { escapeLiteral } = pg;
import { indexDefinition, indexesOf } from '../indexes.ts';
import { validateEntry } from '../draft.ts';
import { checkedPageQuery, decodeCursor, encodeCursor, matchesSearch, type CheckedSearch } from '../page.ts';
import type { CollectionKey, Entry, KnownEntry, Page, PageQuery, StoreTransaction, StoreView } from '../store.ts';

/** What a transaction holds of one entry: as read (or null when new), and as it stands now. */
interface Tracked {
  readonly collection: CollectionKey;
  readonly id: string;
  /** The stored JSON text when read; null for an entry the transaction created. */
  original: string | null;
  /** The entry now; null once deleted. */
  current: unknown;
  /** Put or deleted since the last flush (changes made in place are found by comparing JSON). */
  dirty: boolean;
  /**
   * Whether the row exists in the database as this transaction sees it: 'no' after a read found
   * none (then a write is a plain INSERT, so that a row another transaction created meanwhile
   * fails it and the transaction runs again, instead of being overwritten); 'unknown' for a blind
   * put or delete.
   */
  stored: 'yes' | 'no' | 'unknown';
}

export interface IndexRow {
  readonly name: string;
  readonly key: string;
  readonly sort: string;
  readonly unique: boolean;
}

const trackKey = (collection: string, id: string) => `${collection}\u0000${id}`;

/** What reads and writes go through: the pool (views), a pooled connection, or a transaction's own (which begins it lazily). */
export interface Queryable {
  query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>>;
}

/** A statement and its parameters. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A parameter as an SQL literal: text quoted by pg's escapeLiteral, text arrays as ARRAY[…], numbers as written. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return escapeLiteral(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]`;
  throw new Error(`no SQL literal for a parameter of type ${typeof value}`);
}

/**
 * `statement` with its parameters written in as literals, so that several statements can go to
 * the server as one simple query (one round trip), which cannot carry parameters. Each `$n` of the
 * statement's own text is replaced once; what a literal contains is never scanned again.
 */
export const inlined = (statement: Statement): string => statement.sql.replace(/\$(\d+)/g, (_, n: string) => literal(statement.params[Number(n) - 1]));

type EntryKey = { readonly collection: string; readonly id: string };

/**
 * What one flush writes, gathered so that it goes out in at most two statements: the first
 * deletes, inserts and upserts entries and clears the index rows of the entries being re-filed
 * (data-modifying CTEs, each on rows no other part touches), the second files the new index
 * rows. Filing must follow clearing: an entry's row may be cleared and filed again.
 */
class FlushBatch {
  readonly deleted: EntryKey[] = [];
  readonly inserted: (EntryKey & { text: string })[] = [];
  readonly upserted: (EntryKey & { text: string })[] = [];
  readonly cleared: EntryKey[] = [];
  readonly rows: (IndexRow & EntryKey)[] = [];

  /** The statements that write the batch, in order: none when it is empty. */
  statements(): Statement[] {
    const out: Statement[] = [];
    let params: unknown[] = [];
    /** `SELECT * FROM unnest(...)` of the columns, each a text[] parameter. */
    const rowsOf = <T>(list: readonly T[], ...columns: ((item: T) => string)[]) =>
      `SELECT * FROM unnest(${columns.map((column) => `$${params.push(list.map(column))}::text[]`).join(', ')})`;
    const keyed = (list: readonly EntryKey[]) => rowsOf(list, (e) => e.collection, (e) => e.id);
    const texts = (list: readonly (EntryKey & { text: string })[]) => rowsOf(list, (e) => e.collection, (e) => e.id, (e) => e.text);

    const parts: string[] = [];
    if (this.deleted.length > 0) parts.push(`DELETE FROM kbc_entries WHERE (collection, id) IN (${keyed(this.deleted)})`);
    if (this.cleared.length > 0) {
      parts.push(`DELETE FROM kbc_index WHERE (collection, id) IN (${keyed(this.cleared)})`, `DELETE FROM kbc_unique WHERE (collection, id) IN (${keyed(this.cleared)})`);
    }
    if (this.inserted.length > 0) parts.push(`INSERT INTO kbc_entries (collection, id, data) ${texts(this.inserted)}`);
    if (this.upserted.length > 0) parts.push(`INSERT INTO kbc_entries (collection, id, data) ${texts(this.upserted)} ON CONFLICT (collection, id) DO UPDATE SET data = EXCLUDED.data`);
    if (parts.length > 0) out.push({ sql: chained(parts), params });
    if (this.rows.length === 0) return out;

    params = [];
    const unique = this.rows.filter((row) => row.unique);
    const filing = [
      `INSERT INTO kbc_index (collection, name, key, sort, id) ${rowsOf(this.rows, (r) => r.collection, (r) => r.name, (r) => r.key, (r) => r.sort, (r) => r.id)} ON CONFLICT DO NOTHING`,
    ];
    if (unique.length > 0) filing.push(`INSERT INTO kbc_unique (collection, name, key, id) ${rowsOf(unique, (r) => r.collection, (r) => r.name, (r) => r.key, (r) => r.id)}`);
    out.push({ sql: chained(filing), params });
    return out;
  }
}

/** Data-modifying statements as one: all but the last as CTEs (which run whether or not anything reads them). */
const chained = (statements: readonly string[]): string =>
  statements.length === 1 ? statements[0]! : `WITH ${statements.slice(0, -1).map((statement, i) => `w${i} AS (${statement})`).join(', ')} ${statements.at(-1)!}`;


/** The index rows an entry is filed under, for every declared index of its collection. */
export function indexRows(collection: CollectionKey, entry: unknown): IndexRow[] {
  return indexesOf(collection).flatMap(([name, definition]) => {
    const sort = definition.sort?.(entry as never) ?? '';
    return definition.keys(entry as never).map((key) => ({ name, key, sort, unique: definition.unique === true }));
  });
}

const sameRows = (a: readonly IndexRow[], b: readonly IndexRow[]) =>
  a.length === b.length && a.every((row, i) => row.name === b[i]!.name && row.key === b[i]!.key && row.sort === b[i]!.sort);

/**
 * SQL of a page: the (sort, id) of the first `limit` entries under any of the keys, each key read
 * through the primary key's order and limited on its own, then merged. Parameters: `$1`
 * collection, `$2` index, `$3` keys, `$4` limit, then those the conditions added.
 */
function pageSql(order: 'asc' | 'desc', conditions: readonly string[]): string {
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  return `SELECT DISTINCT t.sort, t.id FROM unnest($3::text[]) AS k(key)
    CROSS JOIN LATERAL (
      SELECT i.sort, i.id FROM kbc_index i
      WHERE i.collection = $1 AND i.name = $2 AND i.key = k.key ${conditions.map((condition) => `AND ${condition}`).join(' ')}
      ORDER BY i.sort ${direction}, i.id ${direction} LIMIT $4
    ) t
    ORDER BY t.sort ${direction}, t.id ${direction} LIMIT $4`;
}

/** The entries `ids` of one collection: `lock` adds FOR UPDATE (a transaction's reads) or FOR UPDATE SKIP LOCKED (claims). */
function entriesStatement(collection: CollectionKey, ids: readonly string[], lock: '' | 'update' | 'skip'): Statement {
  const suffix = lock === 'update' ? ' FOR UPDATE' : lock === 'skip' ? ' FOR UPDATE SKIP LOCKED' : '';
  return { sql: `SELECT id, data FROM kbc_entries WHERE collection = $1 AND id = ANY($2::text[])${suffix}`, params: [collection, ids] };
}

/** Reads through `client` (see entriesStatement): the stored texts by id. */
async function readEntries(client: Queryable, collection: CollectionKey, ids: readonly string[], lock: '' | 'update' | 'skip'): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { sql, params } = entriesStatement(collection, ids, lock);
  const result = await client.query<{ id: string; data: string }>(sql, [...params]);
  return new Map(result.rows.map((row) => [row.id, row.data]));
}

/** A read waiting for the batch it goes out with: one entry by id, or the entries under an index key (`find`). */
type WaitingRead =
  | { readonly kind: 'get'; readonly collection: CollectionKey; readonly id: string; readonly resolve: (text: string | null) => void; readonly reject: (error: unknown) => void }
  | {
      readonly kind: 'find';
      readonly collection: CollectionKey;
      readonly name: string;
      readonly key: string;
      readonly resolve: (rows: { id: string; data: string }[]) => void;
      readonly reject: (error: unknown) => void;
    };

type WaitingGet = Extract<WaitingRead, { kind: 'get' }>;
type WaitingFind = Extract<WaitingRead, { kind: 'find' }>;

/**
 * Reads through one client, batched: the reads asked for in the same turn of the event loop (a
 * `Promise.all` over a project's members, independent reads started at once) go out as one
 * round trip: the reads by id of any collections as one query, and each `find` beside it in the
 * same simple query. One round trip, and for a view one pooled connection, instead of one each:
 * a sign-in's reads before argon2 cost one, and a CLI command that would open a connection per
 * parallel read (a backend process each) opens one.
 */
class BatchedReads {
  private waiting: WaitingRead[] = [];

  constructor(
    private readonly client: Queryable,
    private readonly lock: '' | 'update',
  ) {}

  /** The stored JSON text of the entry, or null when there is none. */
  read(collection: CollectionKey, id: string): Promise<string | null> {
    return new Promise((resolve, reject) => this.wait({ kind: 'get', collection, id, resolve, reject }));
  }

  /** The entries filed under `key` (index and entries joined), in index order; locked in a transaction. */
  find(collection: CollectionKey, name: string, key: string): Promise<{ id: string; data: string }[]> {
    indexDefinition(collection, name);
    return new Promise((resolve, reject) => this.wait({ kind: 'find', collection, name, key, resolve, reject }));
  }

  private wait(read: WaitingRead): void {
    // The batch leaves once everything started in this turn has asked.
    if (this.waiting.length === 0) queueMicrotask(() => void this.send());
    this.waiting.push(read);
  }

  private async send(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const gets = batch.filter((read): read is WaitingGet => read.kind === 'get');
      const finds = batch.filter((read): read is WaitingFind => read.kind === 'find');
      const statements = [...(gets.length > 0 ? [this.getsStatement(gets)] : []), ...finds.map((read) => this.findStatement(read))];
      // One statement keeps its parameters; several go as one simple query, parameters written in.
      const results =
        statements.length === 1
          ? [await this.client.query<Record<string, string>>(statements[0]!.sql, [...statements[0]!.params])]
          : ((await this.client.query(statements.map(inlined).join('; '), [])) as unknown as pg.QueryResult<Record<string, string>>[]);
      if (gets.length > 0) {
        const rows = results.shift()!.rows;
        const texts = new Map(rows.map((row) => [trackKey(row.collection ?? gets[0]!.collection, row.id!), row.data!]));
        for (const read of gets) read.resolve(texts.get(trackKey(read.collection, read.id)) ?? null);
      }
      finds.forEach((read, i) => read.resolve(results[i]!.rows as { id: string; data: string }[]));
    } catch (error) {
      for (const read of batch) read.reject(error);
    }
  }

  /** The reads by id: of one collection by `id = ANY`, of several through the (collection, id) pairs. */
  private getsStatement(batch: readonly WaitingGet[]): Statement {
    const collection = batch[0]!.collection;
    if (batch.every((read) => read.collection === collection)) return entriesStatement(collection, [...new Set(batch.map((read) => read.id))], this.lock);
    return {
      sql: `SELECT collection, id, data FROM kbc_entries WHERE (collection, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))${this.lock === 'update' ? ' FOR UPDATE' : ''}`,
      params: [batch.map((read) => read.collection), batch.map((read) => read.id)],
    };
  }

  private findStatement(read: WaitingFind): Statement {
    return {
      sql: `SELECT e.id, e.data FROM kbc_index i JOIN kbc_entries e ON e.collection = i.collection AND e.id = i.id
     WHERE i.collection = $1 AND i.name = $2 AND i.key = $3 ORDER BY i.sort, i.id${this.lock === 'update' ? ' FOR UPDATE OF e' : ''}`,
      params: [read.collection, read.name, read.key],
    };
  }
}

/**
 * Whether `entry` is still filed under one of the query's keys, within its range: a row locked
 * after the index was read may have changed meanwhile (READ COMMITTED returns it as committed
 * after the wait), and a transaction must not act on an entry that left what it asked for.
 */
function stillMatches(collection: CollectionKey, name: string, entry: unknown, keys: readonly string[], query?: PageQuery): boolean {
  const search = query?.contains ? checkedPageQuery(query).search : null;
  if (search && !matchesSearch(entry, search)) return false;
  return indexRows(collection, entry).some(
    (row) => row.name === name && keys.includes(row.key) && (query?.from === undefined || row.sort >= query.from) && (query?.before === undefined || row.sort < query.before),
  );
}

async function pageIds(client: Queryable, collection: CollectionKey, name: string, query: PageQuery): Promise<{ ids: string[]; next: string | null }> {
  const { keys, order, limit, after, search } = checkedPageQuery(query);
  indexDefinition(collection, name);
  // A search reads one row past what it may look at: whether rows are left unseen.
  const params: unknown[] = [collection, name, [...keys], search ? search.scanMax + 1 : limit + 1];
  const conditions: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}::text`;
  if (after) {
    const [sort, id] = decodeCursor(after);
    conditions.push(`(i.sort, i.id) ${order === 'asc' ? '>' : '<'} (${param(sort)}, ${param(id)})`);
  }
  if (query.from !== undefined) conditions.push(`i.sort >= ${param(query.from)}`);
  if (query.before !== undefined) conditions.push(`i.sort < ${param(query.before)}`);
  if (search) return searchIds(client, order, conditions, params, limit, search);
  const result = await client.query<{ sort: string; id: string }>(pageSql(order, conditions), params);
  const rows = result.rows.slice(0, limit);
  const last = rows.at(-1);
  return { ids: rows.map((row) => row.id), next: result.rows.length > limit && last ? encodeCursor([last.sort, last.id]) : null };
}

/**
 * A searched page (see TextSearch) in one round trip: of the first `scanMax` index rows (read as a
 * page is, one row more), the first `limit` whose entry matches, joined with the entries in the
 * database so that only the matches come back, with how many rows there were and the last one
 * looked at. Case is folded by ICU's root locale (`und-x-icu`), as JavaScript's toLowerCase folds
 * it, whatever the database's own locale; strpos needs no escaping of `%` and `_`.
 */
async function searchIds(
  client: Queryable,
  order: 'asc' | 'desc',
  conditions: readonly string[],
  params: unknown[],
  limit: number,
  search: CheckedSearch,
): Promise<{ ids: string[]; next: string | null }> {
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const scan = `$${params.push(search.scanMax)}::int`;
  const needle = `$${params.push(search.needle)}::text`;
  const matches = search.fields.map((field) => `strpos(lower((d.doc ->> $${params.push(field)}::text) COLLATE "und-x-icu"), ${needle}) > 0`).join(' OR ');
  const sql = `WITH scanned AS (${pageSql(order, conditions)}),
    numbered AS (SELECT s.sort, s.id, row_number() OVER (ORDER BY s.sort ${direction}, s.id ${direction})::int AS n FROM scanned s),
    counted AS (SELECT count(*)::int AS total FROM numbered)
    SELECT h.sort, h.id, h.n, true AS hit, (SELECT total FROM counted) AS total FROM (
      SELECT x.sort, x.id, x.n FROM numbered x
      JOIN kbc_entries e ON e.collection = $1 AND e.id = x.id
      CROSS JOIN LATERAL (SELECT e.data::jsonb AS doc) d
      WHERE x.n <= ${scan} AND (${matches})
      ORDER BY x.n LIMIT $${params.push(limit)}::int
    ) h
    UNION ALL
    SELECT x.sort, x.id, x.n, false, (SELECT total FROM counted) FROM numbered x WHERE x.n = LEAST(${scan}, (SELECT total FROM counted))`;
  const result = await client.query<{ sort: string; id: string; n: number; hit: boolean; total: number }>(sql, params);
  const hits = result.rows.filter((row) => row.hit).sort((a, b) => a.n - b.n);
  const lastSeen = result.rows.find((row) => !row.hit);
  const total = result.rows[0]?.total ?? 0;
  const lastHit = hits.at(-1);
  let next: string | null = null;
  if (hits.length === limit && lastHit) next = lastHit.n < total ? encodeCursor([lastHit.sort, lastHit.id]) : null;
  else if (total > search.scanMax && lastSeen) next = encodeCursor([lastSeen.sort, lastSeen.id]);
  return { ids: hits.map((row) => row.id), next };
}

/**
 * The text each entry a view returned was stored as: a transaction given it as known
 * (TransactOptions.known) checks the row against that text's digest, not against a text made
 * again from the entry.
 */
const storedTexts = new WeakMap<object, string>();

/** An entry parsed from its stored text, remembered with it (storedTexts). */
function parsedEntry(text: string): never {
  const entry = JSON.parse(text) as object;
  storedTexts.set(entry, text);
  return entry as never;
}

/** The SHA-256 of a stored text as kbc_expect computes it (migrations/006_expect.sql). */
const digestOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Reads without locks through `client` (the pool for a view, or a transaction's connection for
 * its peeks, after `before` flushed its writes to the collection read): entries as committed, never written back.
 */
export function postgresView(client: Queryable, before: (collection: CollectionKey) => Promise<void> = async () => undefined): StoreView {
  const base = client;
  const reads = new BatchedReads(base, '');
  const entries = async (collection: CollectionKey, ids: readonly string[]) => {
    const texts = await readEntries(base, collection, ids, '');
    return ids.flatMap((id) => (texts.has(id) ? [parsedEntry(texts.get(id)!)] : []));
  };
  return {
    async get(collection, id) {
      await before(collection);
      const text = await reads.read(collection, id);
      return text === null ? null : parsedEntry(text);
    },
    async find(collection, index, key) {
      await before(collection);
      return (await reads.find(collection, index, key)).map((row) => parsedEntry(row.data));
    },
    async page(collection, index, query) {
      await before(collection);
      const { ids, next } = await pageIds(base, collection, index, query);
      return { items: await entries(collection, ids), next };
    },
  };
}

/**
 * One transaction on one pooled connection (BEGIN … COMMIT around it). Every entry it reads is
 * locked (FOR UPDATE) and tracked: at commit, and before every query so that queries see the
 * transaction's own changes, the entries whose JSON changed are validated and written with
 * their index rows. A unique key taken by another transaction fails the write (23505): the
 * store then runs the whole transaction again.
 */
export class PostgresTransaction implements StoreTransaction {
  private readonly tracked = new Map<string, Tracked>();
  readonly peek: StoreView;

  /**
   * The connection as the transaction uses it: BEGIN goes out with its first statement, as one
   * simple query, so beginning costs no round trip of its own.
   */
  private readonly client: Queryable;
  /** Whether BEGIN was sent. */
  private begun = false;

  /**
   * `known`: entries read before the transaction (TransactOptions.known). They are adopted as if
   * read here, and the statement that checks them (kbc_expect, which locks them and fails with a
   * serialization failure when one changed) goes out right after BEGIN, before anything else.
   */
  constructor(connection: pg.ClientBase, known: readonly KnownEntry[] = []) {
    this.client = {
      query: async <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => {
        if (this.begun) return connection.query<R>(sql, params);
        this.begun = true;
        const opening = this.opening();
        // Without parameters, `sql` may already be several statements with literals written in:
        // they are sent as they are (a literal may hold `$1`), and their results come back as a list.
        const results = (await connection.query(`${opening.join('; ')}; ${params.length > 0 ? inlined({ sql, params }) : sql}`)) as unknown as pg.QueryResult<R>[];
        const own = results.slice(opening.length);
        return (own.length === 1 ? own[0]! : own) as pg.QueryResult<R>;
      },
    };
    const digests = known.map(({ collection, id, entry }) => {
      const text = entry === null ? null : (storedTexts.get(entry) ?? JSON.stringify(entry));
      this.adopt(collection, id, text);
      return text === null ? null : digestOf(text);
    });
    const check = { sql: 'SELECT kbc_expect($1::text[], $2::text[], $3::text[])', params: [known.map((read) => read.collection), known.map((read) => read.id), digests] };
    this.expectation = known.length === 0 ? null : inlined(check);
    this.connection = connection;
    this.reads = new BatchedReads(this.client, 'update');
    this.peek = postgresView(this.client, (collection) => this.flush(collection));
  }

  /** The check of the known entries (see the constructor), or null without any. */
  private readonly expectation: string | null;

  /** What goes out before the transaction's first statement: BEGIN, and the check of the known entries. */
  private opening(): string[] {
    return this.expectation === null ? ['BEGIN'] : ['BEGIN', this.expectation];
  }

  /** Reads by id, each locked, batched when started at once (`atOnce`). */
  private readonly reads: BatchedReads;

  private readonly connection: pg.ClientBase;

  /**
   * Writes what is left and commits, in one simple query: the remaining changes, `notify` when
   * anything was written (a NOTIFY is sent at commit and only if it commits), then COMMIT. A
   * transaction that neither read nor wrote sends nothing.
   */
  async commit(notify: string): Promise<void> {
    const statements = this.pending().map(inlined);
    if (this.wrote) statements.push(notify);
    // Known entries are checked even when nothing is written: what the work decided holds as of now.
    if (!this.begun && statements.length === 0 && this.expectation === null) return;
    const begin = !this.begun;
    // Open from here on: a statement that fails leaves the block open (aborted) for the rollback.
    this.begun = true;
    await this.connection.query([...(begin ? this.opening() : []), ...statements, 'COMMIT'].join('; '));
    this.begun = false;
  }

  /**
   * After `work` threw (and the transaction rolled back): whether the entries known before it
   * are, checked now, still as they were read. The work may have decided on them before anything
   * checked them, and then its error speaks of data that changed meanwhile, which the store
   * answers by running it again, as after a failed check at commit.
   */
  async knownStillHold(): Promise<boolean> {
    if (this.expectation === null) return true;
    // On its own, outside any transaction: its locks last as long as the statement.
    return this.connection.query(this.expectation).then(
      () => true,
      (error: unknown) => (error as { code?: string }).code !== '40001',
    );
  }

  /** Whether BEGIN went out: only then is there anything to roll back. */
  get open(): boolean {
    return this.begun;
  }

  async get<C extends CollectionKey>(collection: C, id: string): Promise<Entry<C> | null> {
    const key = trackKey(collection, id);
    const known = this.tracked.get(key);
    if (known) return known.current as Entry<C> | null;
    const text = await this.reads.read(collection, id);
    // Read twice at once: the first read adopted it, and every caller shares that one object.
    const adopted = this.tracked.get(key);
    if (adopted) return adopted.current as Entry<C> | null;
    return this.adopt(collection, id, text) as Entry<C> | null;
  }

  async find<C extends CollectionKey>(collection: C, index: string, key: string): Promise<Entry<C>[]> {
    // Awaited only when there is something to write: otherwise the find joins, in this same turn,
    // the reads by id started beside it (one round trip), as it does in a view.
    const writes = this.pending(collection);
    if (writes.length > 0) await this.write(writes);
    const found: Entry<C>[] = [];
    for (const row of await this.reads.find(collection, index, key)) {
      const known = this.tracked.get(trackKey(collection, row.id));
      const entry = known ? known.current : this.adopt(collection, row.id, row.data);
      if (entry !== null) found.push(entry as Entry<C>);
    }
    return found.filter((entry) => stillMatches(collection, index, entry, [key]));
  }

  async page<C extends CollectionKey>(collection: C, index: string, query: PageQuery & { readonly claim?: boolean }): Promise<Page<Entry<C>>> {
    await this.flush(collection);
    const { ids, next } = await pageIds(this.client, collection, index, query);
    const keys = typeof query.key === 'string' ? [query.key] : query.key;
    const items = await this.entries(collection, ids, query.claim ? 'skip' : 'update');
    return { items: items.filter((entry) => stillMatches(collection, index, entry, keys, query)), next };
  }

  put<C extends CollectionKey>(collection: C, id: string, entry: Entry<C>): void {
    const key = trackKey(collection, id);
    const known = this.tracked.get(key);
    if (known) Object.assign(known, { current: entry, dirty: true });
    // Not read first: whether it exists is not known, so the write is an upsert.
    else this.tracked.set(key, { collection, id, original: null, current: entry, dirty: true, stored: 'unknown' });
  }

  delete(collection: CollectionKey, id: string): void {
    const key = trackKey(collection, id);
    const known = this.tracked.get(key);
    if (known) Object.assign(known, { current: null, dirty: true });
    else this.tracked.set(key, { collection, id, original: null, current: null, dirty: true, stored: 'unknown' });
  }

  /**
   * Writes every tracked entry whose JSON differs from what is stored, with its index rows, in
   * at most two statements whatever the number of entries (a round trip costs more than the
   * rows): the entries and the clearing of their old index rows, then the new index rows.
   * Before a query, only the queried collection's (`only`): a query reads no other, and the
   * rest is written with the next flush or at commit.
   */
  async flush(only?: CollectionKey): Promise<void> {
    await this.write(this.pending(only));
  }

  private async write(statements: readonly Statement[]): Promise<void> {
    // Both at once when there are two: a simple query of the two, parameters written in.
    if (statements.length === 1) await this.client.query(statements[0]!.sql, [...statements[0]!.params]);
    else if (statements.length > 1) await this.client.query(statements.map(inlined).join('; '), []);
  }

  /** The statements that write the tracked changes (of `only`, when given), marking them written. */
  private pending(only?: CollectionKey): Statement[] {
    const batch = new FlushBatch();
    for (const entry of this.tracked.values()) {
      if (only !== undefined && entry.collection !== only) continue;
      const text = entry.current === null ? null : JSON.stringify(entry.current);
      if (!entry.dirty && text === entry.original) continue;
      entry.dirty = false;
      this.wrote = true;
      const indexed = indexesOf(entry.collection).length > 0;
      if (text === null) {
        if (entry.stored !== 'no') {
          batch.deleted.push(entry);
          if (indexed) batch.cleared.push(entry);
        }
        entry.stored = 'no';
      } else {
        // A bug in a service, not bad data: an invalid entry is refused before it is written.
        const checked = validateEntry(entry.collection, entry.id, entry.current);
        // Read as missing: a plain INSERT, which fails (23505, run again) if another transaction created it meanwhile.
        (entry.stored === 'no' ? batch.inserted : batch.upserted).push({ collection: entry.collection, id: entry.id, text: JSON.stringify(checked) });
        // Index rows: written when they change; a row read as missing has none to clear, a blind put may.
        const before = entry.original === null ? null : indexRows(entry.collection, JSON.parse(entry.original));
        const after = indexRows(entry.collection, checked);
        const clear = before !== null || entry.stored !== 'no';
        if (indexed && (before === null ? clear || after.length > 0 : !sameRows(before, after))) {
          if (clear) batch.cleared.push(entry);
          for (const row of after) batch.rows.push({ ...row, collection: entry.collection, id: entry.id });
        }
        entry.stored = 'yes';
      }
      entry.original = text;
    }
    return batch.statements();
  }

  /** Whether a flush wrote anything: the store then tells other processes (NOTIFY). */
  wrote = false;

  private async entries<C extends CollectionKey>(collection: C, ids: readonly string[], lock: 'update' | 'skip'): Promise<Entry<C>[]> {
    const unknown = ids.filter((id) => !this.tracked.has(trackKey(collection, id)));
    const texts = await readEntries(this.client, collection, unknown, lock);
    const out: Entry<C>[] = [];
    for (const id of ids) {
      const known = this.tracked.get(trackKey(collection, id));
      // Skipped (locked by another claim) or deleted meanwhile: not part of this page.
      const entry = known ? known.current : texts.has(id) ? this.adopt(collection, id, texts.get(id)!) : null;
      if (entry !== null) out.push(entry as Entry<C>);
    }
    return out;
  }

  private adopt(collection: CollectionKey, id: string, text: string | null): unknown {
    const current = text === null ? null : (JSON.parse(text) as unknown);
    this.tracked.set(trackKey(collection, id), { collection, id, original: text, current, dirty: false, stored: text === null ? 'no' : 'yes' });
    return current;
  }
}
