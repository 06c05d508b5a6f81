/**
 * `npm run bench`: seeds data directories of 1,000, 10,000 and 50,000 accounts and measures the
 * store, Slack, login and dashboard against baselines measured in the same run on the same data.
 * Options: `--sizes 1000,10000` (default 1000,10000,50000), `--keep` (keep the data directories).
 * Prints a table and writes bench/results/latest.json (plus a timestamped copy, git-ignored).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argon2Hasher } from '../src/core/crypto/password-hasher.ts';
import { accountIdOf, BENCH_PASSWORD, buildDocument, writeDataDir, type SeedInfo } from './seed.ts';
import { openBenchCore } from './bench-core.ts';
import { benchStore, type StoreResult } from './store-bench.ts';
import { benchLogin } from './login-bench.ts';
import { benchSlackAck } from './slack-bench.ts';
import { benchSlackMemory, type MemoryResult } from './memory-bench.ts';
import type { Comparison } from './stats.ts';
import { renderReport, type Report } from './report.ts';
import { benchApiVerify } from './api-bench.ts';
import { benchApiOnPostgres } from './api-postgres.ts';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** Time budgets (ms) of the slow measurements per N: the whole run must stay under 5 minutes on 2 cores. */
const BUDGET_MS = {
  mutation: (n: number) => (n >= 50_000 ? 15_000 : n >= 10_000 ? 8_000 : 5_000),
  login: (n: number) => (n >= 50_000 ? 8_000 : n >= 10_000 ? 5_000 : 4_000),
  slack: 3_000,
  firstFrame: 4_000,
  keypress: 15_000,
  api: 6_000,
};

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
  const sizes = (argValue('--sizes') ?? '1000,10000,50000').split(',').map(Number);
  const keep = process.argv.includes('--keep');
  const root = await mkdtemp(join(tmpdir(), 'kbc-account-bench-'));
  runStarted = performance.now();
  log(`data in ${root}`);
  const hash = await argon2Hasher().hash(BENCH_PASSWORD);
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
      const memory: MemoryResult = await benchSlackMemory(seeded.dir);
      log(`N=${n}: API verify`);
      const apiVerify: Comparison = await benchApiVerify(bench.core, accountIdOf(0), BUDGET_MS.api);
      perN.push({ accounts: n, counts: seeded.counts, seedMs: seeded.seedMs, store, login, slackAck, memory, apiVerify });
      if (!keep) await rm(seeded.dir, { recursive: true, force: true });
    }

    log('API verify on PostgreSQL');
    const apiPostgres = await benchApiOnPostgres(sizes[0] ?? 1_000, nowMs, hash, BUDGET_MS.api);

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

    const report: Report = {
      when: new Date().toISOString(),
      machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: (await import('node:os')).availableParallelism() },
      totalSeconds: (performance.now() - runStarted) / 1000,
      sizes: perN,
      apiPostgres,
      dashboard,
    };
    const { table, failures } = renderReport(report);
    process.stdout.write(`${table}\n`);
    await mkdir(RESULTS_DIR, { recursive: true });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    await writeFile(join(RESULTS_DIR, 'latest.json'), json);
    await writeFile(join(RESULTS_DIR, `${report.when.replace(/[:.]/g, '-')}.json`), json);
    await writeFile(join(RESULTS_DIR, 'latest.md'), `${table}\n`);
    log(`wrote bench/results/latest.json in ${report.totalSeconds.toFixed(0)} s; ${failures} target(s) missed`);
  } finally {
    if (!keep) await rm(root, { recursive: true, force: true });
  }
}

await main();
// Bolt, undici keep-alive sockets and Ink timers may linger; the run is over.
process.exit(0);
