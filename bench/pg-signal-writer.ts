/**
 * The writing side of the change-signal bench (pg-bench.ts): on each "go" line on stdin, marks the
 * next unread notification read through the core on PostgreSQL and prints the monotonic clock
 * (process.hrtime, shared by every process on the machine) taken as the transaction started.
 * Arguments: the seeded account and notification counts. Database and key from the environment.
 */
import { createInterface } from 'node:readline';
import { openCore } from '../src/core/index.ts';
import { unreadPairs } from './store-bench.ts';

const [accounts, notifications] = process.argv.slice(2).map(Number) as [number, number];
const core = await openCore({ dataDir: '', databaseUrl: process.env.KBC_ACCOUNT_DATABASE_URL, env: process.env });
// The second half of the accounts: the markRead bench used the first ones.
const pairs = unreadPairs(accounts, notifications);
for (let skip = 0; skip < Math.floor(accounts / 4); skip++) pairs.next();
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue;
  const next = pairs.next();
  if (next.done) throw new Error('ran out of unread notifications');
  const started = process.hrtime.bigint();
  await core.notifications.markRead(next.value.accountId, next.value.notificationId);
  process.stdout.write(`${started}\n`);
}
await core.close();
