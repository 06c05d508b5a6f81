import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, FakeClock, MemoryStore, openCore, type Core } from '../../src/core/index.ts';

/** A fixed 32-byte key, so tests never touch a key file unless they mean to. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);
export const TEST_SECRET_KEY_HEX = TEST_SECRET_KEY.toString('hex');

/** A strong password every test account can use. */
export const PASSWORD = 'correct horse battery staple';

export interface TestCore {
  core: Core;
  clock: FakeClock;
  store: MemoryStore;
}

/** A core on an in-memory store with a fake clock and a fast hasher. */
export function testCore(start?: string): TestCore {
  const clock = new FakeClock(start);
  const store = new MemoryStore();
  const core = createCore({ store, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
  return { core, clock, store };
}

/** Creates an account and returns its id. */
export async function makeAccount(core: Core, email: string, password = PASSWORD): Promise<string> {
  return (await core.accounts.create({ email, password })).id;
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary data directory, removed after the test. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kbc-account-test-'));
  dirs.push(dir);
  return dir;
}

/** A core on a real file store in a temp data directory. */
export async function fileCore(start?: string): Promise<{ core: Core; clock: FakeClock; dataDir: string }> {
  const dataDir = await tempDataDir();
  const clock = new FakeClock(start);
  const core = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: {} });
  return { core, clock, dataDir };
}
