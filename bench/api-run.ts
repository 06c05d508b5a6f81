/**
 * `npm run bench:api`: only the Management API figure of `npm run bench` (GET /manage/tokens/verify
 * against a bare node:http server answering the same JSON), on the JSON store and on PostgreSQL,
 * for 1,000 accounts unless `--accounts N`. Prints the rows; writes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argon2Hasher } from '../src/core/crypto/password-hasher.ts';
import { openBenchCore } from './bench-core.ts';
import { benchApiVerify } from './api-bench.ts';
import { benchApiOnPostgres } from './api-postgres.ts';
import { accountIdOf, BENCH_PASSWORD, buildDocument, writeDataDir } from './seed.ts';
import type { Comparison } from './stats.ts';

const index = process.argv.indexOf('--accounts');
const accounts = index >= 0 ? Number(process.argv[index + 1]) : 1_000;
const budgetMs = 6_000;
const line = (store: string, result: Comparison) =>
  `${store}: API p50 ${result.subject.p50.toFixed(3)} ms, p95 ${result.subject.p95.toFixed(3)} ms; bare node:http p50 ${result.baseline.p50.toFixed(3)} ms, p95 ${result.baseline.p95.toFixed(3)} ms; ratio p50 ${result.ratioP50.toFixed(2)}×, p95 ${result.ratioP95.toFixed(2)}× (target p95 ≤ 1.5×: ${result.ratioP95 <= 1.5 ? 'met' : 'MISSED'}; ${result.subject.n} samples)`;

const root = await mkdtemp(join(tmpdir(), 'kbc-account-api-bench-'));
try {
  const hash = await argon2Hasher().hash(BENCH_PASSWORD);
  const nowMs = Date.now();
  const seeded = await writeDataDir(join(root, 'data'), buildDocument({ accounts, nowMs }, hash));
  const bench = await openBenchCore(seeded.dir);
  process.stdout.write(`kbc-account API bench, ${new Date().toISOString()}, ${accounts.toLocaleString('en-US')} accounts (Node ${process.version})\n`);
  process.stdout.write(`${line('JSON store', await benchApiVerify(bench.core, accountIdOf(0), budgetMs))}\n`);
  await bench.core.close();
  const postgres = await benchApiOnPostgres(accounts, nowMs, hash, budgetMs);
  process.stdout.write(`${'skipped' in postgres ? `PostgreSQL: skipped (${postgres.skipped})` : line('PostgreSQL', postgres.verify)}\n`);
} finally {
  await rm(root, { recursive: true, force: true });
}
process.exit(0);
