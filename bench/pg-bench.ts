import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createCore } from '../src/core/core.ts';
import { argon2Hasher } from '../src/core/crypto/password-hasher.ts';
import { createSecretBox, keyCheckOf, parseSecretKey, SECRET_KEY_ENV } from '../src/core/crypto/secret-box.ts';
import { migrateDatabase } from '../src/core/store/postgres/admin.ts';
import { KEY_CHECK, PostgresStore } from '../src/core/store/postgres/postgres-store.ts';
import { createDatabase } from '../test/support/postgres-server.ts';
import argon2 from 'argon2';
import { accountIdOf, BENCH_PASSWORD, BENCH_SECRET_KEY_HEX, emailOf, seedEntries, type SeedOptions } from './seed.ts';
import type { BenchCore } from './bench-core.ts';
import { interleave, Measured, summarize, type Comparison, type Summary } from './stats.ts';
import { unreadPairs } from './store-bench.ts';
import { BIN, BUILT_CORE_ENTRY, runNode } from './cli-bench.ts';

/** The environment a kbc-account process needs to run on the bench database `url`. */
export const postgresEnv = (url: string): NodeJS.ProcessEnv => ({ ...process.env, KBC_ACCOUNT_DATABASE_URL: url, [SECRET_KEY_ENV]: BENCH_SECRET_KEY_HEX });

export interface SeededDatabase {
  readonly url: string;
  readonly counts: Record<string, number>;
  readonly seedMs: number;
  /** pg_database_size after the seed, bytes. */
  readonly bytes: number;
}

/**
 * A database `bench_nN` on the bench server, migrated and seeded with seedEntries through the
 * store's own copy path (`admin db copy` uses it), then brought to the steady state an installation
 * runs in before anything is measured: vacuumed and analysed (what autovacuum would do after the
 * import: hint bits and the visibility map set, the planner knowing the table sizes) and
 * checkpointed, so no measurement pays for the import's leftover writes.
 */
export async function seedDatabase(serverUrl: string, options: SeedOptions, passwordHash: string): Promise<SeededDatabase> {
  const started = performance.now();
  const url = await createDatabase(serverUrl, `bench_n${options.accounts}`);
  await migrateDatabase(url);
  const store = await PostgresStore.open(url);
  const counts: Record<string, number> = {};
  try {
    await store.settle(KEY_CHECK, keyCheckOf(parseSecretKey(BENCH_SECRET_KEY_HEX)));
    await store.importEntries(
      (function* counted() {
        for (const entry of seedEntries(options, passwordHash)) {
          counts[entry.collection] = (counts[entry.collection] ?? 0) + 1;
          yield entry;
        }
      })(),
    );
  } finally {
    await store.close();
  }
  const bytes = await withClient(url, async (client) => {
    await client.query('VACUUM (ANALYZE)');
    await client.query('CHECKPOINT');
    const { rows } = await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
    return Number(rows[0]!.size);
  });
  return { url, counts, seedMs: performance.now() - started, bytes };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The core on the bench database, wired as openCore wires it (system clock, real argon2). */
export async function openPostgresBenchCore(url: string): Promise<BenchCore> {
  const started = performance.now();
  const store = await PostgresStore.open(url);
  const openMs = performance.now() - started;
  const core = createCore({ store, secrets: createSecretBox(parseSecretKey(BENCH_SECRET_KEY_HEX)), hasher: argon2Hasher() });
  return { core, store, file: url, openMs };
}

/**
 * markRead on PostgreSQL (one transaction: the account's read state locked, changed and written,
 * an outbox check, a NOTIFY) against the floor of any durable change: one row updated in its own
 * transaction on the same server, on a connection of its own.
 */
export async function benchPostgresMarkRead(bench: BenchCore, url: string, accounts: number, notifications: number, budgetMs: number): Promise<Comparison> {
  const pairs = unreadPairs(accounts, notifications);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A real table, not a temporary one (those are not logged): the floor pays the WAL flush a change pays.
    await client.query('CREATE TABLE IF NOT EXISTS bench_floor_durable (id int PRIMARY KEY, n bigint NOT NULL)');
    await client.query('INSERT INTO bench_floor_durable VALUES (1, 0) ON CONFLICT DO NOTHING');
    return await interleave({
      subject: async () => {
        const next = pairs.next();
        if (next.done) throw new Error('ran out of unread notifications to mark');
        await bench.core.notifications.markRead(next.value.accountId, next.value.notificationId);
      },
      baseline: async () => {
        await client.query('BEGIN');
        await client.query('SELECT n FROM bench_floor_durable WHERE id = 1 FOR UPDATE');
        await client.query('UPDATE bench_floor_durable SET n = n + 1 WHERE id = 1');
        await client.query('COMMIT');
      },
      warmup: 5,
      minPairs: 50,
      maxPairs: 2_000,
      budgetMs,
    });
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_floor_durable').catch(() => undefined);
    await client.end();
  }
}

/** The least a sign-in on PostgreSQL costs, and the sign-in measured against it (see benchPostgresLoginFloor). */
export interface LoginFloorResult {
  /** The floor against bare argon2.verify. */
  readonly floor: Comparison;
  /** core.accounts.login against the floor. */
  readonly login: Comparison;
}

/**
 * The floor of a sign-in on this server: what any sign-in that checks a stored password hash and
 * durably records that it happened must do, and nothing else. One read of the account by email
 * (the index lookup login's first query makes) before argon2.verify of its hash, and one durable
 * commit (one row updated) after it, on a connection of its own. Measured against bare argon2
 * (what the login target compares with), and login against it: how much of login's cost over
 * argon2 is the database's round trips on this machine, and how much is the program's.
 */
export async function benchPostgresLoginFloor(bench: BenchCore, url: string, accounts: number, budgetMs: number): Promise<LoginFloorResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS bench_floor_login (id int PRIMARY KEY, n bigint NOT NULL)');
    await client.query('INSERT INTO bench_floor_login VALUES (1, 0) ON CONFLICT DO NOTHING');
    const hash = (await bench.store.view((view) => view.get('accounts', accountIdOf(0))))!.passwordHash;
    let next = 0;
    const floor = async () => {
      const email = emailOf((next++ * 2) % accounts);
      const { rows } = await client.query<{ data: string }>(
        `SELECT e.data FROM kbc_index i JOIN kbc_entries e ON e.collection = i.collection AND e.id = i.id
         WHERE i.collection = 'accounts' AND i.name = 'email' AND i.key = $1`,
        [email],
      );
      if (rows.length !== 1) throw new Error(`the floor found no account ${email}`);
      if (!(await argon2.verify((JSON.parse(rows[0]!.data) as { passwordHash: string }).passwordHash, BENCH_PASSWORD))) throw new Error('the floor refused the password');
      await client.query('BEGIN; UPDATE bench_floor_login SET n = n + 1 WHERE id = 1; COMMIT');
    };
    const options = { warmup: 3, minPairs: 10, maxPairs: 200, budgetMs };
    const againstArgon2 = await interleave({
      ...options,
      subject: floor,
      baseline: async () => {
        if (!(await argon2.verify(hash, BENCH_PASSWORD))) throw new Error('bare argon2.verify refused the password');
      },
    });
    const login = await interleave({
      ...options,
      subject: async () => {
        const result = await bench.core.accounts.login({ email: emailOf((next++ * 2) % accounts), password: BENCH_PASSWORD });
        if (result.status !== 'ok') throw new Error(`login did not succeed: ${result.status}`);
      },
      baseline: floor,
    });
    return { floor: againstArgon2, login };
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_floor_login').catch(() => undefined);
    await client.end();
  }
}

/** Runs `kbc-account ARGS` to completion and returns its wall time (ms); throws on a non-zero exit. */
const runCli = (args: readonly string[], env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): Promise<number> => runNode([...nodeArgs, BIN, ...args], env);

/**
 * `kbc-account ARGS` against the process floor, interleaved: `kbc-account --help` with the core's
 * code preloaded (`--help` alone no longer loads the core; the floor is the process with the code
 * a command needs, so "over the floor" is the command's own work). Needs dist/ (run.ts builds it).
 */
export function benchCliCommand(args: readonly string[], env: NodeJS.ProcessEnv, budgetMs: number): Promise<Comparison> {
  return interleave({
    subject: async () => new Measured(await runCli(args, env)),
    baseline: async () => new Measured(await runCli(['--help'], env, ['--import', BUILT_CORE_ENTRY])),
    warmup: 1,
    minPairs: 6,
    maxPairs: 40,
    budgetMs,
  });
}

export interface ChangeSignalResult {
  /** Writer's transaction start → the reader's changeSignal() moved, ms. */
  readonly latency: Summary;
  /** Changes whose signal never came within the timeout. */
  readonly missed: number;
}

const WRITER = fileURLToPath(new URL('./pg-signal-writer.ts', import.meta.url));
const SIGNAL_TIMEOUT_MS = 5_000;

/**
 * One process (bench/pg-signal-writer.ts) marks notifications read, one at a time, and prints its
 * monotonic clock (shared by every process on the machine) as each transaction starts; this one
 * polls its own store's changeSignal() and takes the time it moved.
 */
export async function benchChangeSignal(url: string, accounts: number, notifications: number, changes: number): Promise<ChangeSignalResult> {
  const reader = await PostgresStore.open(url);
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, String(accounts), String(notifications)], {
    env: postgresEnv(url),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const samples: number[] = [];
  let missed = 0;
  try {
    const ready = await lines.next();
    if (ready.done || ready.value !== 'ready') throw new Error(`the signal writer did not start: ${String(ready.value)}`);
    for (let i = 0; i < changes; i++) {
      const before = await reader.changeSignal();
      child.stdin.write('go\n');
      let seenNs: bigint | null = null;
      const deadline = performance.now() + SIGNAL_TIMEOUT_MS;
      while (performance.now() < deadline) {
        if ((await reader.changeSignal()) !== before) {
          seenNs = process.hrtime.bigint();
          break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const line = await lines.next();
      if (line.done) throw new Error('the signal writer exited early');
      const startedNs = BigInt(line.value);
      if (seenNs === null) missed++;
      else samples.push(Number(seenNs - startedNs) / 1e6);
      // Let the writer's own notification settle before the next change.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
    await reader.close();
  }
  return { latency: summarize(samples), missed };
}
