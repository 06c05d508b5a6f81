import { createCore } from '../src/core/core.ts';
import { fastTestHasher } from '../src/core/crypto/password-hasher.ts';
import { createSecretBox, parseSecretKey } from '../src/core/crypto/secret-box.ts';
import { PostgresStore } from '../src/core/store/postgres/postgres-store.ts';
import type { CollectionKey } from '../src/core/store/collections.ts';
import { startThrowawayPostgres } from '../test/support/postgres-server.ts';
import { benchApiVerify } from './api-bench.ts';
import { accountIdOf, BENCH_SECRET_KEY_HEX, buildDocument } from './seed.ts';
import type { Comparison } from './stats.ts';

export type PostgresApiResult = { readonly accounts: number; readonly verify: Comparison } | { readonly skipped: string };

/**
 * The verify bench on PostgreSQL: `KBC_BENCH_DATABASE_URL` (an empty, migrated database is made
 * there) or a throwaway server started here when PostgreSQL is installed; skipped otherwise. The
 * seeded document of `accounts` accounts is copied in first, so the indexes hold real data.
 */
export async function benchApiOnPostgres(accounts: number, nowMs: number, hash: string, budgetMs: number): Promise<PostgresApiResult> {
  let url = process.env['KBC_BENCH_DATABASE_URL'];
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    const server = await startThrowawayPostgres();
    if ('skipped' in server) return { skipped: server.skipped };
    url = server.url;
    stop = server.stop;
  }
  const store = await PostgresStore.open(url, { schema: `bench_${process.pid}`, migrate: true });
  try {
    const { schemaVersion: _version, ...collections } = buildDocument({ accounts, nowMs }, hash);
    await store.importEntries(
      Object.entries(collections).flatMap(([collection, entries]) =>
        Object.entries(entries as Record<string, unknown>).map(([id, entry]) => ({ collection: collection as CollectionKey, id, entry })),
      ),
    );
    const core = createCore({ store, secrets: createSecretBox(parseSecretKey(BENCH_SECRET_KEY_HEX)), hasher: fastTestHasher() });
    return { accounts, verify: await benchApiVerify(core, accountIdOf(0), budgetMs) };
  } finally {
    await store.close();
    await stop?.();
  }
}
