/**
 * Profiling aid (not part of `npm run bench`): seeds a throwaway PostgreSQL with N accounts and
 * runs `count` logins, printing each login's time, each query it sent (with its time) and bare
 * argon2.verify's time next to it. Run `node --import tsx bench/profile-login.ts 10000 20`.
 */
import argon2 from 'argon2';
import pg from 'pg';
import { ARGON2_PARAMS } from '../src/core/crypto/password-hasher.ts';
import { startThrowawayPostgres } from '../test/support/postgres-server.ts';
import { openPostgresBenchCore, seedDatabase } from './pg-bench.ts';
import { BENCH_PASSWORD, emailOf } from './seed.ts';

const accounts = Number(process.argv[2] ?? 10_000);
const count = Number(process.argv[3] ?? 20);
const server = await startThrowawayPostgres({ durable: true });
if ('skipped' in server) throw new Error(server.skipped);
try {
  const hash = await argon2.hash(BENCH_PASSWORD, ARGON2_PARAMS);
  const seeded = await seedDatabase(server.url, { accounts, nowMs: Date.now() }, hash);
  const queries: string[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function timed(this: pg.Client, ...args: unknown[]) {
    const started = performance.now();
    const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text);
    const result = query.apply(this, args);
    if (result instanceof Promise) void result.then(() => queries.push(`  ${(performance.now() - started).toFixed(2)} ms  ${text.replace(/\s+/g, " ").slice(0, Number(process.env.SQL_CHARS ?? 140))}`), () => undefined);
    return result;
  } as typeof pg.Client.prototype.query;
  const { core } = await openPostgresBenchCore(seeded.url);
  for (let i = 0; i < count; i++) {
    queries.length = 0;
    const bare = performance.now();
    await argon2.verify(hash, BENCH_PASSWORD);
    const bareMs = performance.now() - bare;
    const started = performance.now();
    await core.accounts.login({ email: emailOf(i * 2), password: BENCH_PASSWORD });
    process.stdout.write(`login ${i}: ${(performance.now() - started).toFixed(2)} ms (argon2 alone ${bareMs.toFixed(2)} ms)\n${queries.join('\n')}\n`);
  }
} finally {
  await server.stop();
}
