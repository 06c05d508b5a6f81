import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, FakeClock, MemoryStore, migrateDatabase, openCore, type Core } from '../../src/core/index.ts';
import { createDatabase } from './postgres-server.ts';
import type { SharedStore } from './shared-store.ts';
import { FileStore } from '../../src/core/store/file-store.ts';
import { PostgresStore } from '../../src/core/store/postgres/postgres-store.ts';
import type { CollectionKey, DeepReadonly, Entry, Store } from '../../src/core/store/store.ts';

/** A fixed 32-byte key, so tests never touch a key file unless they mean to. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);
export const TEST_SECRET_KEY_HEX = TEST_SECRET_KEY.toString('hex');

/** A strong password every test account can use. */
export const PASSWORD = 'correct horse battery staple';

export interface TestCore {
  core: Core;
  clock: FakeClock;
  store: Store;
}

/** The stores the domain tests run on: `KBC_TEST_STORE=memory|file|postgres` (memory unless told). */
export type TestStoreKind = 'memory' | 'file' | 'postgres';

export function testStoreKind(): TestStoreKind {
  const kind = process.env.KBC_TEST_STORE ?? 'memory';
  if (kind !== 'memory' && kind !== 'file' && kind !== 'postgres') throw new Error(`KBC_TEST_STORE must be memory, file or postgres, not ${kind}`);
  return kind;
}

/** The throwaway server's URL the test run started (test/support/postgres-global-setup.ts). */
export function testDatabaseUrl(): string {
  const url = process.env.KBC_TEST_DATABASE_URL;
  if (!url) throw new Error('KBC_TEST_STORE=postgres needs KBC_TEST_DATABASE_URL (the test run sets it when PostgreSQL is installed)');
  return url;
}

const openedStores: Store[] = [];
/** Closes the PostgreSQL stores the test file opened (after the file: see also test/support/shared-modules-setup.ts). */
export async function closeOpenedStores(): Promise<void> {
  await Promise.all(openedStores.splice(0).map((store) => store.close()));
}
afterAll(closeOpenedStores);

/** An empty PostgreSQL store of its own: a new schema on the test server. */
export async function openTestPostgresStore(): Promise<PostgresStore> {
  const store = await PostgresStore.open(testDatabaseUrl(), { schema: `t_${randomBytes(6).toString('hex')}`, migrate: true });
  openedStores.push(store);
  return store;
}

/**
 * A store opened on first use: tests build their core synchronously, and the file store opens
 * asynchronously.
 */
interface LazyStore extends Store {
  opened(): Promise<Store>;
}

function lazyStore(location: string, open: () => Promise<Store>): LazyStore {
  let opened: Promise<Store> | null = null;
  const store = () => (opened ??= open());
  return {
    location,
    opened: store,
    transact: async (work, options) => (await store()).transact(work, options),
    view: async (work) => (await store()).view(work),
    changeSignal: async () => (await store()).changeSignal(),
    settle: async (key, value) => (await store()).settle(key, value),
    setting: async (key) => (await store()).setting(key),
    close: async () => (opened ? (await opened).close() : undefined),
  };
}

/** An empty store of the kind KBC_TEST_STORE names. */
export function testStore(): Store {
  switch (testStoreKind()) {
    case 'memory':
      return new MemoryStore();
    case 'file':
      return lazyStore('file', async () => FileStore.open(join(await tempDataDir(), 'kbc-account.json')));
    case 'postgres':
      return lazyStore('postgres', openTestPostgresStore);
  }
}

/**
 * Everything `store` holds, as one JSON text: for tests that check that nothing changed, or that
 * a secret appears nowhere. Not a port operation: each store is dumped its own way.
 */
export async function storeContents(store: Store): Promise<string> {
  const inner = store instanceof MemoryStore || store instanceof FileStore || store instanceof PostgresStore ? store : await (store as LazyStore).opened();
  if (inner instanceof MemoryStore) return JSON.stringify(inner.dump());
  if (inner instanceof FileStore) return JSON.stringify(await FileStore.load(inner.location));
  if (inner instanceof PostgresStore) {
    const entries: unknown[] = [];
    for await (const entry of inner.entries()) entries.push(entry);
    return JSON.stringify(entries);
  }
  throw new Error(`cannot dump ${store.location}`);
}

/** The stored entry `id` of `collection` as any process would read it now; null when there is none. */
export function stored<C extends CollectionKey>(store: Store, collection: C, id: string): Promise<DeepReadonly<Entry<C>> | null> {
  return store.view((view) => view.get(collection, id));
}

/** A core on the test store (see testStore) with a fake clock and a fast hasher. */
export function testCore(start?: string): TestCore {
  const clock = new FakeClock(start);
  const store = testStore();
  const core = createCore({ store, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
  return { core, clock, store };
}

/** Creates an account and returns its id. */
export async function makeAccount(core: Core, email: string, password = PASSWORD): Promise<string> {
  return (await core.accounts.create({ email, password })).id;
}

const dirs: string[] = [];
/** Removes the temporary data directories the test made (after each test). */
export async function removeTempDataDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
afterEach(removeTempDataDirs);

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

/**
 * A new, empty store that several processes can open (see openSharedCore): on the PostgreSQL leg a
 * fresh migrated database on the run's server, else a temporary data directory (the memory store
 * lives in one process, so its leg shares a file store).
 */
export async function newSharedStore(): Promise<SharedStore> {
  return newSharedStoreOn(testStoreKind() === 'postgres' ? 'postgres' : 'file');
}

/** A new, empty shared store of the given kind (see newSharedStore). */
export async function newSharedStoreOn(kind: 'file' | 'postgres'): Promise<SharedStore> {
  if (kind === 'file') return tempDataDir();
  // The run's server is thrown away at the end, and its databases with it.
  const url = await createDatabase(testDatabaseUrl(), `kbc_shared_${process.pid}_${randomBytes(4).toString('hex')}`);
  await migrateDatabase(url);
  return url;
}
