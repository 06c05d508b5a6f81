import { join } from 'node:path';
import pg from 'pg';
import { ConfigError } from '../../config-error.ts';
import { createSecretBox, keyCheckOf, keyFingerprint, parseSecretKey, readSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE } from '../../crypto/secret-box.ts';
import { FileStore } from '../file-store.ts';
import { StoreError } from '../store-error.ts';
import type { CollectionKey } from '../store.ts';
import { migrate } from './migrate.ts';
import { describeUrl, KEY_CHECK, PostgresStore } from './postgres-store.ts';

/** `kbc-account admin db migrate`: brings the database's schema to this program's version. */
export async function migrateDatabase(url: string): Promise<{ from: number; to: number; applied: string[] }> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new StoreError('STORE_UNAVAILABLE', describeUrl(url), `cannot be reached (${(error as Error).message})`);
  }
  try {
    return await migrate(client);
  } finally {
    await client.end();
  }
}

/** What `copyFileStoreToDatabase` copied, per collection; every count was checked in the database. */
export type CopyCounts = Record<CollectionKey, number>;

/**
 * `kbc-account admin db copy --from DATA_DIR`: copies the JSON store of a data directory into an
 * empty, migrated database in one transaction, then checks every collection's count there.
 * KBC_ACCOUNT_SECRET_KEY must be the data directory's key: the TOTP secrets are sealed with it,
 * and a database on another key would hold secrets nobody can open.
 */
export async function copyFileStoreToDatabase(input: { dataDir: string; storeFile: string; databaseUrl: string; env: NodeJS.ProcessEnv }): Promise<CopyCounts> {
  const envKey = input.env[SECRET_KEY_ENV];
  if (!envKey) throw new ConfigError(`${SECRET_KEY_ENV} must be set to the key the database will use: the key of ${input.dataDir} (its ${SECRET_KEY_FILE})`);
  const key = parseSecretKey(envKey);
  const keyFile = join(input.dataDir, SECRET_KEY_FILE);
  const fileKey = await readSecretKey(input.dataDir, {});
  if (fileKey !== null && !fileKey.equals(key)) {
    throw new ConfigError(
      `${SECRET_KEY_ENV} is not the key of ${input.dataDir}: the MFA secrets there are sealed with ${keyFile}. Set it to that key (export ${SECRET_KEY_ENV}="$(cat ${keyFile})") for the copy and for every process on the database`,
    );
  }
  const doc = await FileStore.load(input.storeFile);
  if (doc === null) throw new StoreError('STORE_UNREADABLE', input.storeFile, 'does not exist: there is no store to copy');
  const recorded = Object.hasOwn(doc.meta, KEY_CHECK) ? doc.meta[KEY_CHECK]!.value : null;
  if (recorded !== null && recorded !== keyCheckOf(key)) {
    throw new ConfigError(`${SECRET_KEY_ENV} is not the key of ${input.dataDir}: its store was sealed with the key with fingerprint ${keyFingerprint(recorded)}. Nothing was copied`);
  }
  // Without a key file the data directory was run on the same variable: prove it opens a sealed secret.
  const sealed = Object.values(doc.accounts).find((account) => account.mfa.secret !== null)?.mfa.secret;
  if (sealed) createSecretBox(key).open(sealed);

  const { schemaVersion: _version, ...collections } = doc;
  const entries = Object.entries(collections).flatMap(([collection, values]) =>
    Object.entries(values as Record<string, unknown>).map(([id, entry]) => ({ collection: collection as CollectionKey, id, entry })),
  );
  const store = await PostgresStore.open(input.databaseUrl);
  try {
    // The copied secrets are sealed with this key: a database first used with another is refused, and processes with another key from now on.
    if ((await store.settle(KEY_CHECK, keyCheckOf(key))) !== keyCheckOf(key)) {
      throw new ConfigError(`${SECRET_KEY_ENV} is not the key ${store.location} was first used with. Nothing was copied`);
    }
    await store.importEntries(entries);
    const counts = {} as CopyCounts;
    for (const [collection, values] of Object.entries(collections) as [CollectionKey, Record<string, unknown>][]) {
      const expected = Object.keys(values).length;
      const found = await store.count(collection);
      if (found !== expected) throw new StoreError('STORE_WRITE_FAILED', store.location, `holds ${found} ${collection} after the copy instead of ${expected}`);
      counts[collection] = found;
    }
    return counts;
  } finally {
    await store.close();
  }
}
