/**
 * Profiling aid (not part of `npm run bench`): seeds N accounts and runs `count` markRead calls,
 * printing each one's time. Run under `node --cpu-prof --import tsx bench/profile-store.ts 10000 10`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDocument, writeDataDir, accountIdOf, notificationIdOf } from './seed.ts';
import { openBenchCore } from './bench-core.ts';

const accounts = Number(process.argv[2] ?? 10_000);
const count = Number(process.argv[3] ?? 10);
const root = await mkdtemp(join(tmpdir(), 'kbc-account-profile-'));
try {
  const info = await writeDataDir(join(root, 'data'), buildDocument({ accounts, nowMs: Date.now() }, '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA'));
  const { core } = await openBenchCore(info.dir);
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    // Odd accounts have no watermark; broadcast 1 is unread by those whose read entries miss it.
    await core.notifications.markRead(accountIdOf(2 * i + 1), notificationIdOf(10 * (i % 7) + 2 > 6 ? 0 : 1));
    process.stdout.write(`markRead ${i}: ${(performance.now() - started).toFixed(1)} ms\n`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
