/**
 * A separate process that redeems a promo code, for the concurrency test. Usage:
 *   node --import tsx promo-worker.ts STORE ACCOUNT_ID CODE PROJECT_NAME   (STORE: a data directory or a database URL)
 * Opens the core, prints `ready`, waits for a `go` line on stdin (so several workers start at
 * once), redeems, and prints one JSON line: `{"projectId": …}` or `{"error": CODE}`.
 */
import { createInterface } from 'node:readline';
import { isAccountError } from '../../src/core/index.ts';
import { openSharedCore } from './shared-store.ts';

const [store, accountId, code, projectName] = process.argv.slice(2);
if (!store || !accountId || !code || !projectName) {
  process.stderr.write('usage: promo-worker STORE ACCOUNT_ID CODE PROJECT_NAME\n');
  process.exit(2);
}

const core = await openSharedCore(store, { env: process.env });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();
try {
  const result = await core.promo.redeem(accountId, { code, projectName });
  process.stdout.write(`${JSON.stringify({ projectId: result.projectId })}\n`);
} catch (error) {
  if (!isAccountError(error)) throw error;
  process.stdout.write(`${JSON.stringify({ error: error.code })}\n`);
} finally {
  // A database connection would keep the process alive.
  await core.close();
}
