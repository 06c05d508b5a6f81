import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeClock, fastTestHasher } from '../../../src/core/index.ts';
import { openSharedCore } from '../../support/shared-store.ts';
import { makeAccount, newSharedStore, tempDataDir, TEST_SECRET_KEY_HEX } from '../../support/core.ts';

const WORKER = fileURLToPath(new URL('../../support/invitation-worker.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const NOW = '2026-01-15T09:00:00.000Z';

interface Worker {
  ready: Promise<void>;
  done: Promise<{ code: number | null; lines: string[]; stderr: string }>;
}

function startWorker(args: readonly string[]): Worker {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    cwd: REPO,
    env: { ...process.env, KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY_HEX },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready\n')) signalReady();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; lines: string[]; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      signalReady();
      resolve({ code, lines: stdout.split('\n').filter(Boolean), stderr });
    });
  });
  return { ready, done };
}

describe('accepting the same invitation from two processes at once', () => {
  it('makes exactly one membership; the other process is told it was already answered', async () => {
    const store = await newSharedStore();
    const core = await openSharedCore(store, { clock: new FakeClock(NOW), hasher: fastTestHasher(), env: { KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY_HEX } });
    const ann = await makeAccount(core, 'ann@example.com');
    const project = await core.projects.create({ name: 'Analytics' });
    const invitation = await core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    const startFile = join(await tempDataDir(), 'start-signal');

    const workers = [0, 1].map(() => startWorker([store, ann, invitation.id, startFile, NOW]));
    await Promise.all(workers.map((worker) => worker.ready));
    await writeFile(startFile, 'go');
    const results = await Promise.all(workers.map((worker) => worker.done));

    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const outcomes = results.map((result) => JSON.parse(result.lines.at(-1)!) as { accepted?: boolean; code?: string });
    expect(outcomes).toEqual(expect.arrayContaining([{ accepted: true, projectId: project.id }, { code: 'INVITATION_ALREADY_ANSWERED' }]));

    expect((await core.projects.get(project.id)).members.map((m) => m.accountId)).toEqual([ann]);
    expect((await core.invitations.get(ann, invitation.id)).status).toBe('accepted');
    const joined = (await core.accounts.securityActivity(ann)).filter((event) => event.type === 'project.joined');
    expect(joined).toHaveLength(1);
  });
});
