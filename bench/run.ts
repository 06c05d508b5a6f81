/**
 * `npm run bench`: seeds data directories of 1,000, 10,000 and 50,000 accounts and measures the
 * store, Slack, login and dashboard against baselines measured in the same run on the same data.
 * Options: `--sizes 1000,10000` (default 1000,10000,50000), `--keep` (keep the data directories),
 * `--skip-drain` (PostgreSQL without the outbox drain by four Slack replicas: about 12 minutes,
 * and a count of duplicates and reorders, not a time).
 * Prints a table and writes bench/results/latest.json (plus a timestamped copy, git-ignored).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argon2Hasher } from '../src/core/crypto/password-hasher.ts';
import { accountIdOf, BENCH_PASSWORD, buildDocument, emailOf, notificationCountOf, projectIdOf, PROPORTIONS, writeDataDir, type SeedInfo } from './seed.ts';
import { openBenchCore } from './bench-core.ts';
import { benchStore, type StoreResult } from './store-bench.ts';
import { benchLogin } from './login-bench.ts';
import { benchSlackAck } from './slack-bench.ts';
import { benchSlackMemory, type MemoryResult } from './memory-bench.ts';
import type { Comparison } from './stats.ts';
import { renderReport, type PostgresSize, type Report } from './report.ts';
import { benchCliCommand, benchChangeSignal, benchPostgresLoginFloor, benchPostgresMarkRead, openPostgresBenchCore, postgresEnv, seedDatabase } from './pg-bench.ts';
import { benchOutboxDrain } from './drain-bench.ts';
import { startThrowawayPostgres } from '../test/support/postgres-server.ts';
import { benchApiVerify } from './api-bench.ts';
import { benchApiOnPostgres } from './api-postgres.ts';
import { benchCliStartup, buildDist } from './cli-bench.ts';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** Time budgets (ms) of the slow measurements per N: the whole run must stay under 5 minutes on 2 cores. */
const BUDGET_MS = {
  mutation: (n: number) => (n >= 50_000 ? 15_000 : n >= 10_000 ? 8_000 : 5_000),
  login: (n: number) => (n >= 50_000 ? 8_000 : n >= 10_000 ? 5_000 : 4_000),
  slack: 3_000,
  firstFrame: 4_000,
  keypress: 15_000,
  cli: 20_000,
  cliStartup: 10_000,
  markRead: 5_000,
  ssh: 10_000,
  api: 6_000,
};
/** Sessions the SSH memory measurement holds at once (the bound is per session with 50). */
const SSH_SESSIONS = 50;

/** The CLI commands the issue names, for account `n / 2` and project 0 of a seeded store. */
const cliCommands = (accounts: number) => ({
  accountByEmail: ['admin', 'account', 'list', '--email', emailOf(Math.floor(accounts / 2))],
  projectShow: ['admin', 'project', 'show', '--id', projectIdOf(0)],
});

function argValue(name: string): string | null {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? null) : null;
}

let runStarted = performance.now();
const log = (line: string) => process.stderr.write(`bench [${((performance.now() - runStarted) / 1000).toFixed(0)} s]: ${line}\n`);

async function seed(root: string, name: string, options: Parameters<typeof buildDocument>[0], hash: string): Promise<SeedInfo & { seedMs: number }> {
  const started = performance.now();
  const info = await writeDataDir(join(root, name), buildDocument(options, hash));
  return { ...info, seedMs: performance.now() - started };
}

async function main(): Promise<void> {
  // Ink writes no frames at all when it believes it runs in CI; the dashboard bench needs them.
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[name];
  // --only file | postgres | ssh | cli: one part of the run (ssh: about a minute; cli: about half of one).
  const only = argValue('--only');
  if (only !== null && !['file', 'postgres', 'ssh', 'cli'].includes(only)) throw new Error(`--only takes file, postgres, ssh or cli, not ${only}`);
  const sizes = only === null || only === 'file' ? (argValue('--sizes') ?? '1000,10000,50000').split(',').map(Number) : [];
  const postgresSizes = only === null || only === 'postgres' ? (argValue('--pg-sizes') ?? '10000,50000,1000000').split(',').map(Number) : [];
  const keep = process.argv.includes('--keep');
  const root = await mkdtemp(join(tmpdir(), 'kbc-account-bench-'));
  runStarted = performance.now();
  log(`data in ${root}`);
  const hash = await argon2Hasher().hash(BENCH_PASSWORD);
  // Every CLI measurement runs the bin as `npm install` leaves it: on dist/, built from these sources.
  await buildDist();
  const nowMs = Date.now();

  const perN: Report['sizes'][number][] = [];
  try {
    for (const n of sizes) {
      log(`N=${n}: seeding`);
      const seeded = await seed(root, `n${n}`, { accounts: n, nowMs }, hash);
      const bench = await openBenchCore(seeded.dir);
      log(`N=${n}: store (${(seeded.bytes / 1e6).toFixed(1)} MB)`);
      const store: StoreResult = await benchStore(bench, n, BUDGET_MS.mutation(n));
      log(`N=${n}: login`);
      const login: Comparison = await benchLogin(bench, n, BUDGET_MS.login(n));
      log(`N=${n}: slack ack`);
      const slackAck: Comparison = await benchSlackAck(bench.core, BUDGET_MS.slack);
      log(`N=${n}: slack process memory`);
      const memory: MemoryResult = await benchSlackMemory({ args: ['--data', seeded.dir] });
      log(`N=${n}: CLI commands`);
      const commands = cliCommands(n);
      const cli = {
        accountByEmail: await benchCliCommand(['--data', seeded.dir, ...commands.accountByEmail], process.env, BUDGET_MS.cli),
        projectShow: await benchCliCommand(['--data', seeded.dir, ...commands.projectShow], process.env, BUDGET_MS.cli),
      };
      log(`N=${n}: API verify`);
      const apiVerify: Comparison = await benchApiVerify(bench.core, accountIdOf(0), BUDGET_MS.api);
      perN.push({ accounts: n, counts: seeded.counts, seedMs: seeded.seedMs, store, login, slackAck, memory, cli, apiVerify });
      if (!keep) await rm(seeded.dir, { recursive: true, force: true });
    }

    const postgres = postgresSizes.length > 0 ? await benchPostgres(postgresSizes, hash, nowMs) : null;
    let apiPostgres: Report['apiPostgres'] = { skipped: `not run (--only ${only})` };
    if (only === null || only === 'postgres') {
      log('API verify on PostgreSQL');
      apiPostgres = await benchApiOnPostgres(sizes[0] ?? 1_000, nowMs, hash, BUDGET_MS.api);
    }

    let dashboard: Report['dashboard'] = { error: `not run (--only ${only})` };
    if (only === null || only === 'file') dashboard = await benchDashboard(root, hash, nowMs);

    const ssh = only === null || only === 'ssh' ? await benchSshSafely(root, hash, nowMs) : undefined;

    let cliStartup: Report['cliStartup'];
    if (only === null || only === 'cli') {
      log('CLI start-up (--help) against bare node');
      cliStartup = await benchCliStartup(BUDGET_MS.cliStartup);
    }

    const report: Report = {
      when: new Date().toISOString(),
      machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: (await import('node:os')).availableParallelism() },
      totalSeconds: (performance.now() - runStarted) / 1000,
      sizes: perN,
      postgres,
      apiPostgres,
      dashboard,
      ssh,
      cliStartup,
    };
    const { table, failures } = renderReport(report);
    process.stdout.write(`${table}\n`);
    await mkdir(RESULTS_DIR, { recursive: true });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    // A partial run (--only …) must not replace the last full one.
    const latest = only === null ? 'latest' : `${only}-latest`;
    await writeFile(join(RESULTS_DIR, `${latest}.json`), json);
    await writeFile(join(RESULTS_DIR, `${report.when.replace(/[:.]/g, '-')}.json`), json);
    await writeFile(join(RESULTS_DIR, `${latest}.md`), `${table}\n`);
    log(`wrote bench/results/${latest}.json in ${report.totalSeconds.toFixed(0)} s; ${failures} target(s) missed`);
  } finally {
    if (!keep) await rm(root, { recursive: true, force: true });
  }
}

/**
 * The same core on PostgreSQL: a throwaway server (fsync on, as an installation runs it) with one
 * database per N, seeded through the store's copy path. Per N: the CLI commands against the
 * process floor, login, markRead and the Slack process's memory; at the largest N also the change
 * signal across processes and four Slack replicas draining one outbox.
 */
async function benchPostgres(sizes: readonly number[], hash: string, nowMs: number): Promise<Report['postgres']> {
  // Durable, as an installation runs, with shared buffers sized for a million accounts (5 GB of
  // data; the default 128 MB is for small databases) as PostgreSQL's tuning guides advise.
  const server = await startThrowawayPostgres({ durable: true, settings: ['shared_buffers=1GB'] });
  if ('skipped' in server) {
    log(`PostgreSQL skipped: ${server.skipped}`);
    return { skipped: server.skipped };
  }
  const results: PostgresSize[] = [];
  try {
    for (const n of sizes) {
      log(`PostgreSQL N=${n}: seeding`);
      const seeded = await seedDatabase(server.url, { accounts: n, nowMs }, hash);
      log(`PostgreSQL N=${n}: seeded in ${(seeded.seedMs / 1000).toFixed(0)} s (${(seeded.bytes / 2 ** 20).toFixed(0)} MiB)`);
      const bench = await openPostgresBenchCore(seeded.url);
      const notifications = notificationCountOf({ accounts: n, nowMs });
      try {
        log(`PostgreSQL N=${n}: CLI commands`);
        const env = postgresEnv(seeded.url);
        const commands = cliCommands(n);
        const cli = {
          accountByEmail: await benchCliCommand(commands.accountByEmail, env, BUDGET_MS.cli),
          projectShow: await benchCliCommand(commands.projectShow, env, BUDGET_MS.cli),
        };
        log(`PostgreSQL N=${n}: login`);
        const login = await benchLogin(bench, n, BUDGET_MS.login(n));
        log(`PostgreSQL N=${n}: login's floor (one read, argon2, one durable commit)`);
        const loginFloor = await benchPostgresLoginFloor(bench, seeded.url, n, BUDGET_MS.login(n));
        log(`PostgreSQL N=${n}: markRead`);
        const markRead = await benchPostgresMarkRead(bench, seeded.url, n, notifications, BUDGET_MS.markRead);
        log(`PostgreSQL N=${n}: Slack process memory`);
        const memory = await benchSlackMemory({ args: [], env });
        const last = n === sizes[sizes.length - 1];
        let changeSignal: PostgresSize['changeSignal'] = null;
        let drain: PostgresSize['drain'] = null;
        if (last) {
          log(`PostgreSQL N=${n}: change signal across processes`);
          changeSignal = await benchChangeSignal(seeded.url, n, notifications, 200);
          if (process.argv.includes('--skip-drain')) {
            log(`PostgreSQL N=${n}: outbox drain skipped (--skip-drain)`);
          } else {
            log(`PostgreSQL N=${n}: 4 Slack replicas draining 10,000 outbox entries`);
            const linkedAccounts = Math.max(1, Math.floor(n * PROPORTIONS.slackLinkedShare));
            drain = await benchOutboxDrain(bench.store, seeded.url, { replicas: 4, entries: 10_000, perRef: 4, linkedAccounts });
          }
        }
        results.push({ accounts: n, counts: seeded.counts, seedMs: seeded.seedMs, databaseBytes: seeded.bytes, cli, login, loginFloor, markRead, memory, changeSignal, drain });
        log(`PostgreSQL N=${n}: ${JSON.stringify(results.at(-1), (key, value: unknown) => (key === 'counts' ? undefined : typeof value === 'number' ? Number(value.toFixed(2)) : value))}`);
      } finally {
        await bench.core.close();
      }
    }
    return { sizes: results };
  } finally {
    await server.stop();
  }
}

/** The dashboard over SSH (ssh-bench.ts); a failure is reported, not fatal. */
async function benchSshSafely(root: string, hash: string, nowMs: number): Promise<Report['ssh']> {
  log('dashboard over SSH');
  try {
    const { benchSsh } = await import('./ssh-bench.ts');
    const seeded = await seed(root, 'ssh', { accounts: SSH_SESSIONS + 10, notifications: 10, broadcastOnly: true, nowMs }, hash);
    const sshCore = await openBenchCore(seeded.dir);
    return await benchSsh(sshCore.core, seeded.dir, { budgetMs: BUDGET_MS.ssh, sessions: SSH_SESSIONS, log });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    log(`ssh bench failed: ${message}`);
    return { error: message };
  }
}

/** The local dashboard: first frame against a bare Ink app, keypress on 1,000 against 10 notifications. */
async function benchDashboard(root: string, hash: string, nowMs: number): Promise<Report['dashboard']> {
  log('dashboard');
  // Dynamic: Ink reads the CI variables when it is first loaded.
  const { benchFirstFrame, benchKeypress } = await import('./tui-bench.tsx');
  const long = await seed(root, 'tui-long', { accounts: 20, notifications: 1_000, broadcastOnly: true, nowMs }, hash);
  const short = await seed(root, 'tui-short', { accounts: 20, notifications: 10, broadcastOnly: true, nowMs }, hash);
  const longCore = await openBenchCore(long.dir);
  const shortCore = await openBenchCore(short.dir);
  let dashboard: Report['dashboard'];
  try {
    const firstFrame = await benchFirstFrame(shortCore.core, BUDGET_MS.firstFrame);
    log('dashboard keypress');
    // Account 1 never pressed "mark all read"; it sees every broadcast.
    const keypress = await benchKeypress(
      { core: longCore.core, accountId: accountIdOf(1), accountIndex: 1, total: 1_000 },
      { core: shortCore.core, accountId: accountIdOf(1), accountIndex: 1, total: 10 },
      { reach: 160, budgetMs: BUDGET_MS.keypress },
    );
    dashboard = { firstFrame, keypress };
  } catch (error) {
    // Keep the other results: a dashboard that cannot be driven is reported, not fatal.
    dashboard = { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    log(`dashboard bench failed: ${dashboard.error}`);
  }
  return dashboard;
}

await main();
// Bolt, undici keep-alive sockets and Ink timers may linger; the run is over.
process.exit(0);
