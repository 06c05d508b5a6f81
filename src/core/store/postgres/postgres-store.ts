import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { StoreError } from '../store-error.ts';
import type { CloseOptions, Store, StoreTransaction, StoreView, TransactOptions } from '../store.ts';
import { appliedVersion, migrate, shippedMigrations } from './migrate.ts';
import { indexRows, PostgresTransaction, postgresView } from './postgres-transaction.ts';
import type { CollectionKey } from '../store.ts';

export { KEY_CHECK } from '../settings.ts';

/** Errors after which a transaction is run again: it lost a race, and a new attempt sees the winner. */
const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available: lock_timeout ran out
  '23505', // unique_violation: a key taken by a transaction that committed meanwhile
]);
/** Attempts of one transaction before giving up (a bounded retry: the issue is hot rows, not bugs). */
const MAX_ATTEMPTS = 8;
/** Connections per process: transactions are short, and every replica has its own pool. */
const POOL_SIZE = 10;
/** Entries per INSERT when copying a store in. */
const IMPORT_BATCH = 1_000;
/** How long to wait before reconnecting the LISTEN connection (ms). */
const RECONNECT_MS = 500;
/**
 * Server-side limits on every connection: a transaction waiting on a lock, or one left open by a
 * paused process, must not hold every other process up for ever. A lock wait that times out
 * fails the transaction (55P03), which is run again like any lost race.
 */
const SESSION_SETTINGS = ['-c lock_timeout=10s', '-c idle_in_transaction_session_timeout=60s', '-c statement_timeout=60s'];
/** Waiting for a pooled connection longer than this is a failure, not a hang (ms). */
const CONNECT_TIMEOUT_MS = 15_000;
/** How often the LISTEN connection is checked: a connection that died silently never errors (ms). */
const LISTEN_PING_MS = 30_000;

export interface PostgresStoreOptions {
  /**
   * A schema to work in (created when missing) instead of the connection's default: one database
   * can hold several stores, which the tests use to isolate themselves.
   */
  readonly schema?: string;
  /** Apply missing migrations when opening (tests, `admin db migrate`); otherwise refuse an old schema. */
  readonly migrate?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Query parameters of a connection URL that carry secrets. */
const SECRET_PARAMETERS = ['password', 'sslpassword', 'sslkey'];

/** The URL with any password masked (user info and query parameters), for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const name of SECRET_PARAMETERS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***');
    return parsed.toString();
  } catch {
    return '(an unparsable database URL)';
  }
}

/** The socket under a pg client (not part of pg's typed API: `connection.stream`), when it has one. */
const socketOf = (client: pg.Client): { unref?(): void } | undefined => (client as unknown as { connection?: { stream?: { unref?(): void } } }).connection?.stream;

/**
 * The PostgreSQL store: several processes on several hosts share one database. Transactions run
 * on pooled connections with row locks on what they read (see PostgresTransaction) and are run
 * again when they lose a race; claims skip rows other transactions hold. Other processes learn of
 * a change through LISTEN/NOTIFY; a lost LISTEN connection is re-established and counted as a
 * change, since anything may have changed meanwhile. Time never comes from the database.
 */
export class PostgresStore implements Store {
  private changes = 0;
  /** Sent with this process's notifications: its own arrive back, and were counted at commit. */
  private readonly instance = randomBytes(8).toString('hex');
  private listener: pg.Client | null = null;
  /** The first LISTEN connection, made on the first changeSignal(); reconnects are listenAgain's. */
  private listening: Promise<void> | null = null;
  /** This process's change notification, as a statement to send with a COMMIT. */
  private readonly notify: string;
  private closed = false;
  /** The pool's open connections (pg does not list them), for close({ exiting }). */
  private readonly clients = new Set<pg.Client>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connection: pg.ClientConfig,
    private readonly channel: string,
    readonly location: string,
  ) {
    pool.on('connect', (client) => this.clients.add(client));
    pool.on('remove', (client) => this.clients.delete(client));
    this.notify = `SELECT pg_notify(${pg.escapeLiteral(channel)}, ${pg.escapeLiteral(this.instance)})`;
  }

  /**
   * Connects to `url` and checks the schema version: a database without the schema, or at an
   * older or newer version, is a StoreError saying what to run. Starts listening for changes.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const location = describeUrl(url);
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
    const settings = [...SESSION_SETTINGS, ...(options.schema ? [`-c search_path=${options.schema}`] : [])];
    const connection: pg.ClientConfig = { connectionString: url, options: settings.join(' '), keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS };
    const pool = new pg.Pool({ ...connection, max: POOL_SIZE });
    // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect().catch((error: unknown) => {
        throw new StoreError('STORE_UNAVAILABLE', location, `cannot be reached (${(error as Error).message})`);
      });
      try {
        if (options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
        if (options.migrate) await migrate(client);
        const [version, latest] = [await appliedVersion(client), (await shippedMigrations()).length];
        if (version < latest) {
          throw new StoreError(
            'STORE_SCHEMA_MISMATCH',
            location,
            version === 0
              ? 'has no kbc-account schema yet; run `kbc-account admin db migrate --database-url URL` first'
              : `has schema version ${version}, older than this program's ${latest}; run \`kbc-account admin db migrate\``,
          );
        }
        if (version > latest) {
          throw new StoreError('STORE_SCHEMA_MISMATCH', location, `has schema version ${version}, newer than this program's ${latest}; upgrade kbc-account`);
        }
      } finally {
        client.release();
      }
      return new PostgresStore(pool, connection, `kbc_changes_${options.schema ?? 'public'}`, location);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async transact<T>(work: (tx: StoreTransaction) => Promise<T>, options: TransactOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      let released = false;
      let tx: PostgresTransaction | undefined;
      // A connection that cannot even roll back (killed by a timeout, the server restarted) is discarded, not pooled again.
      let broken = false;
      try {
        // BEGIN goes out with the first statement, and the last changes with NOTIFY and COMMIT:
        // a transaction costs no round trip beyond its own reads and one to commit.
        // Known entries only the first time: a run again after they changed reads afresh.
        tx = new PostgresTransaction(client, attempt === 1 ? options.known : []);
        const result = await work(tx);
        await tx.commit(this.notify);
        if (tx.wrote) this.changes++;
        return result;
      } catch (error) {
        broken = tx?.open === false ? false : await client.query('ROLLBACK').then(
          () => false,
          () => true,
        );
        const code = (error as { code?: string }).code;
        // A work that threw on entries known before it, which changed meanwhile, runs again on fresh reads.
        const lostRace = (code !== undefined && RETRYABLE.has(code)) || (!broken && tx !== undefined && !(await tx.knownStillHold()));
        if (lostRace && attempt < MAX_ATTEMPTS) {
          client.release(broken);
          released = true;
          // Jittered and growing: the racers do not collide again in step.
          await sleep(Math.random() * 5 * attempt);
          continue;
        }
        if (code === '23505') throw new StoreError('STORE_CONFLICT', this.location, `a unique key stayed taken after ${MAX_ATTEMPTS} attempts (${(error as Error).message})`);
        throw error;
      } finally {
        if (!released) client.release(broken);
      }
    }
  }

  async view<T>(work: (view: StoreView) => Promise<T>): Promise<T> {
    return work(postgresView(this.pool));
  }

  /**
   * Listens for other processes' changes from the first call on (a CLI command never asks, and
   * saves the connection): the first value is the caller's baseline, so nothing before it counts.
   */
  async changeSignal(): Promise<string> {
    await (this.listening ??= this.listen().catch((error: unknown) => {
      this.listening = null;
      throw error;
    }));
    return String(this.changes);
  }

  async close(options: CloseOptions = {}): Promise<void> {
    this.closed = true;
    const listener = this.listener?.end().catch(() => undefined);
    const pool = this.pool.end();
    if (options.exiting) {
      // Every connection has sent its Terminate (end() writes it at once); only the server's
      // closing of the socket is left, which nothing in an ending process needs to wait for.
      for (const client of [...this.clients, ...(this.listener ? [this.listener] : [])]) socketOf(client)?.unref?.();
      void pool.catch(() => undefined);
      return;
    }
    await listener;
    await pool;
  }

  /** Every stored entry, collection by collection: for copies and checks, never a request path. */
  async *entries(): AsyncGenerator<{ collection: string; id: string; entry: unknown }> {
    const client = await this.connect();
    try {
      let last: [string, string] = ['', ''];
      for (;;) {
        const { rows } = await client.query<{ collection: string; id: string; data: string }>(
          'SELECT collection, id, data FROM kbc_entries WHERE (collection, id) > ($1, $2) ORDER BY collection, id LIMIT 1000',
          last,
        );
        for (const row of rows) yield { collection: row.collection, id: row.id, entry: JSON.parse(row.data) as unknown };
        if (rows.length < 1000) return;
        last = [rows.at(-1)!.collection, rows.at(-1)!.id];
      }
    } finally {
      client.release();
    }
  }

  /** Settings live in their own table (kbc_meta), not among the entries. */
  async settle(key: string, value: string): Promise<string> {
    const client = await this.connect();
    try {
      // One statement: the value inserted now, or (the insert did nothing) the one recorded before.
      // Both halves see the statement's snapshot, so at most one of them has a row.
      const { rows } = await client.query<{ value: string }>(
        `WITH inserted AS (INSERT INTO kbc_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value)
         SELECT value FROM inserted UNION ALL SELECT value FROM kbc_meta WHERE key = $1`,
        [key, value],
      );
      if (rows[0] !== undefined) return rows[0].value;
      // Neither: another process's settle committed after the snapshot was taken (the insert
      // waited for it). A new statement sees it.
      const recorded = await client.query<{ value: string }>('SELECT value FROM kbc_meta WHERE key = $1', [key]);
      if (recorded.rows[0] === undefined) throw new StoreError('STORE_WRITE_FAILED', this.location, `did not record the setting ${key}`);
      return recorded.rows[0].value;
    } finally {
      client.release();
    }
  }

  async setting(key: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM kbc_meta WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  /** How many entries `collection` holds (an operator's check, not a request path). */
  async count(collection: CollectionKey): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>('SELECT count(*) AS count FROM kbc_entries WHERE collection = $1', [collection]);
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * Writes `entries` (already validated: a whole store loaded by FileStore) into an EMPTY database
   * in one transaction, so a copy either arrives whole or not at all. STORE_CONFLICT when the
   * database holds any entry: a copy never merges into existing data.
   */
  async importEntries(entries: Iterable<{ collection: CollectionKey; id: string; entry: unknown }>): Promise<number> {
    const client = await this.connect();
    let copied = 0;
    try {
      await client.query('BEGIN');
      // Nobody writes while the copy runs, and the emptiness check below stays true until commit.
      await client.query('LOCK TABLE kbc_entries IN EXCLUSIVE MODE');
      const { rows } = await client.query('SELECT 1 FROM kbc_entries LIMIT 1');
      if (rows.length > 0) throw new StoreError('STORE_CONFLICT', this.location, 'already holds kbc-account data; copy only into an empty database. Nothing was written');
      // Two entries of the store would take one unique key: refused whole, with what it was.
      const unique = (error: unknown): never => {
        if ((error as { code?: string }).code === '23505') {
          throw new StoreError('STORE_CONFLICT', this.location, `cannot take the copy: two entries share a unique key (${(error as { detail?: string }).detail ?? (error as Error).message}). Nothing was written`);
        }
        throw error;
      };
      const batch: { collection: CollectionKey; id: string; entry: unknown }[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await client.query('INSERT INTO kbc_entries (collection, id, data) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
          batch.map((row) => row.collection),
          batch.map((row) => row.id),
          batch.map((row) => JSON.stringify(row.entry)),
        ]);
        const index = batch.flatMap((row) => indexRows(row.collection, row.entry).map((index) => ({ ...index, collection: row.collection, id: row.id })));
        await client.query('INSERT INTO kbc_index (collection, name, key, sort, id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING', [
          index.map((row) => row.collection),
          index.map((row) => row.name),
          index.map((row) => row.key),
          index.map((row) => row.sort),
          index.map((row) => row.id),
        ]);
        const uniqueRows = index.filter((row) => row.unique);
        await client
          .query('INSERT INTO kbc_unique (collection, name, key, id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])', [
            uniqueRows.map((row) => row.collection),
            uniqueRows.map((row) => row.name),
            uniqueRows.map((row) => row.key),
            uniqueRows.map((row) => row.id),
          ])
          .catch(unique);
        copied += batch.length;
        batch.length = 0;
      };
      for (const row of entries) {
        batch.push(row);
        if (batch.length >= IMPORT_BATCH) await flush();
      }
      await flush();
      await client.query('SELECT pg_notify($1, $2)', [this.channel, this.instance]);
      await client.query('COMMIT');
      this.changes++;
      return copied;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw new StoreError('STORE_UNAVAILABLE', this.location, `cannot be reached (${(error as Error).message})`);
    }
  }

  /** A dedicated connection for LISTEN (a pooled one would be handed to transactions). */
  private async listen(): Promise<void> {
    const client = new pg.Client(this.connection);
    client.on('notification', (message) => {
      if (message.payload !== this.instance) this.changes++;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      // Closed while this connection was being made (a reconnect): nobody would ever end it.
      await client.end().catch(() => undefined);
      return;
    }
    let lost = false;
    const ping = setInterval(() => void client.query('SELECT 1').catch(() => onLost()), LISTEN_PING_MS);
    ping.unref();
    const onLost = () => {
      clearInterval(ping);
      if (lost || this.closed) return;
      lost = true;
      this.listener = null;
      // Notifications may have been missed while the connection was down: count it as a change.
      this.changes++;
      this.listenAgain();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    this.listener = client;
  }

  private listenAgain(): void {
    setTimeout(() => {
      if (!this.closed) this.listen().catch(() => this.listenAgain());
    }, RECONNECT_MS).unref();
  }
}
