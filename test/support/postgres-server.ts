import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, escapeIdentifier } from 'pg';
import { findPostgresBinaries, type FindPostgresOptions } from './postgres-binaries.ts';
import { programRunner, type ProgramRunner } from './postgres-programs.ts';

/** The database every run gets; test files that need isolation make their own beside it. */
export const TEST_DATABASE = 'kbc_test';

/** Another process may take a port between our probe and the server's bind; retry that race. */
const START_ATTEMPTS = 5;
/** pg_ctl's own wait for the server to accept connections. @default 30 s */
const START_TIMEOUT_SECONDS = 30;

/** A running server that exists only for this test run. */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/kbc_test`, trust authentication. */
  readonly url: string;
  /** Stops the server at once (no checkpoint: its data is thrown away) and removes its files. */
  stop(): Promise<void>;
}

/**
 * Starts a private PostgreSQL cluster in a temp dir on a free loopback port, so a test run needs
 * no server set up beforehand and leaves nothing behind. Returns `{ skipped }` only when no
 * PostgreSQL programs are installed; any other failure throws with the server log's tail, because
 * an installed server that cannot start is a broken machine, not a reason to skip.
 */
export interface ThrowawayPostgresOptions extends FindPostgresOptions {
  /**
   * Keep PostgreSQL's fsync on, as a real installation runs: the benchmark measures commits as
   * they would cost. Tests turn it off, since the cluster is thrown away. @default false
   */
  readonly durable?: boolean;
  /** More server settings, e.g. `shared_buffers=1GB` for a data set larger than the default's 128 MB. */
  readonly settings?: readonly string[];
}

export async function startThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres | { skipped: string }> {
  const found = await findPostgresBinaries(options);
  if ('missing' in found) return { skipped: found.missing };
  const run = await programRunner(found.bin);
  const dir = await mkdtemp(join(tmpdir(), 'kbc-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // An 'exit' listener must be synchronous: it stops a server that outlives an interrupted run.
  const killOnExit = () => {
    try {
      process.kill(Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGQUIT');
    } catch {
      // Not running, or already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  // Once only: a teardown that runs twice must not fail on a server that is already gone.
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      try {
        await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })());
  try {
    await run.prepare(dir);
    // C locale and UTF-8: the host's LANG may name a locale that is not generated here.
    await run('initdb', ['-D', data, '-A', 'trust', '--no-sync', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
    const port = await startOnFreePort(run, data, dir, log, [...(options.durable ? [] : ['fsync=off']), ...(options.settings ?? [])]);
    const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return { url: await createDatabase(serverUrl, TEST_DATABASE), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function startOnFreePort(run: ProgramRunner, data: string, dir: string, log: string, settings: readonly string[]): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freeLoopbackPort();
    await rm(log, { force: true });
    // fsync=off: the cluster is discarded after the run, so durability only costs time.
    const serverOptions = [`-p ${port} -k "${dir}" -c listen_addresses=127.0.0.1`, ...settings.map((setting) => `-c ${setting}`)].join(' ');
    try {
      await run('pg_ctl', ['start', '-D', data, '-l', log, '-o', serverOptions, '-w', '-t', String(START_TIMEOUT_SECONDS)], log);
      return port;
    } catch (error) {
      const collided = (await readFile(log, 'utf8').catch(() => '')).includes('Address already in use');
      if (!collided || attempt === START_ATTEMPTS) throw error;
    }
  }
}

/** Binding port 0 lets the kernel choose; the port is free again once the probe closes. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no port from the probe server'))));
    });
  });
}

/** Lower-case, unquoted-safe names keep the SQL identifier and the URL path the same text. */
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates database `name` on the server at `serverUrl` and returns its URL. From template0,
 * which nobody connects to, so test files creating databases in parallel never find the
 * template busy.
 */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${escapeIdentifier(checkedName(name))} TEMPLATE template0`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops database `name`, closing its connections first: a test that failed may have left some open. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(checkedName(name))} WITH (FORCE)`));
}

function checkedName(name: string): string {
  if (!DATABASE_NAME.test(name)) throw new Error(`database name ${JSON.stringify(name)} must match ${DATABASE_NAME}`);
  return name;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
