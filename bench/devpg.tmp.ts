import { startThrowawayPostgres } from '../test/support/postgres-server.ts';
import { seedDatabase } from './pg-bench.ts';
import { argon2Hasher } from '../src/core/crypto/password-hasher.ts';
import { BENCH_PASSWORD } from './seed.ts';
const server = await startThrowawayPostgres({ durable: true });
if ('skipped' in server) throw new Error('no pg');
const hash = await argon2Hasher().hash(BENCH_PASSWORD);
for (const n of [5000]) { const s = await seedDatabase(server.url, { accounts: n, nowMs: Date.now() }, hash); console.log(s.url); }
process.removeAllListeners('exit');
console.log('READY', server.url);
setInterval(() => {}, 1 << 30);
