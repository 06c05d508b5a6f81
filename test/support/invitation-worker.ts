/**
 * A separate process that accepts one invitation when told to, for the cross-process race test.
 * Usage: node --import tsx invitation-worker.ts STORE ACCOUNT_ID INVITATION_ID START_FILE NOW_ISO
 * (STORE: a data directory or a database URL).
 * Prints "ready" once the core is open, waits for START_FILE to appear, accepts, then prints one
 * JSON line: {"accepted":true,"projectId":…} or {"code":"…"}.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeClock, fastTestHasher, isAccountError } from '../../src/core/index.ts';
import { openSharedCore } from './shared-store.ts';

/** How often to look for the start signal; short, so both workers start within a few ms. */
const START_POLL_MS = 2;

const [store, accountId, invitationId, startFile, now] = process.argv.slice(2);
if (!store || !accountId || !invitationId || !startFile || !now) {
  process.stderr.write('usage: invitation-worker STORE ACCOUNT_ID INVITATION_ID START_FILE NOW_ISO\n');
  process.exit(2);
}

const core = await openSharedCore(store, {
  clock: new FakeClock(now),
  hasher: fastTestHasher(),
  env: { KBC_ACCOUNT_SECRET_KEY: process.env.KBC_ACCOUNT_SECRET_KEY },
});
process.stdout.write('ready\n');
while (!existsSync(startFile)) await sleep(START_POLL_MS);
try {
  const result = await core.invitations.accept(accountId, invitationId);
  process.stdout.write(`${JSON.stringify({ accepted: true, projectId: result.project.id })}\n`);
} catch (error) {
  if (!isAccountError(error)) throw error;
  process.stdout.write(`${JSON.stringify({ code: error.code })}\n`);
} finally {
  // A database connection would keep the process alive.
  await core.close();
}
