import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fastTestHasher } from '../../../src/core/index.ts';
import { makeAccount, newSharedStore, TEST_SECRET_KEY_HEX } from '../../support/core.ts';
import { openSharedCore } from '../../support/shared-store.ts';

const WORKER = fileURLToPath(new URL('../../support/promo-worker.ts', import.meta.url));
const ENV = { KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY_HEX };

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<{ projectId?: string; error?: string }>;
}

/** Starts a worker process; `ready` resolves once it opened the core, `result` with its answer. */
function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { env: { ...process.env, ...ENV }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<{ projectId?: string; error?: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || last === 'ready') reject(new Error(`worker exited ${code}: ${stderr}`));
      else resolve(JSON.parse(last) as { projectId?: string; error?: string });
    });
  });
  // A worker that dies before `ready` must not hang the test.
  const readyOrDead = Promise.race([ready, result.then(() => undefined)]);
  return { child, ready: readyOrDead, result };
}

describe('redeeming a promo code from several processes', () => {
  it('gives the last use to exactly one of two processes redeeming at once', async () => {
    const store = await newSharedStore();
    const core = await openSharedCore(store, { hasher: fastTestHasher(), env: ENV });
    const first = await makeAccount(core, 'first@example.com');
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await core.promo.create({ code: 'LAST', maxUses: 2 });
    await core.promo.redeem(first, { code: 'LAST', projectName: 'First' });

    const workers = [startWorker([store, ann, 'last', 'Ann']), startWorker([store, bob, 'LAST', 'Bob'])];
    await Promise.all(workers.map((w) => w.ready));
    for (const worker of workers) worker.child.stdin.write('go\n');
    const results = await Promise.all(workers.map((w) => w.result));

    const winners = results.filter((r) => r.projectId !== undefined);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.error === 'PROMO_CODE_USED_UP')).toHaveLength(1);

    expect((await core.projects.list()).items).toHaveLength(2);
    const won = await core.projects.get(winners[0]!.projectId!);
    expect(['Ann', 'Bob']).toContain(won.name);
    expect(won.members.map((m) => [m.accountId, m.role])).toEqual([[won.name === 'Ann' ? ann : bob, 'admin']]);
    expect((await core.promo.list()).items).toMatchObject([{ code: 'LAST', uses: 2, usedUp: true }]);
    const redeemers = [(await core.promo.redemptions(ann)).length, (await core.promo.redemptions(bob)).length];
    expect(redeemers.sort()).toEqual([0, 1]);
  });
});
