import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { SCHEMA_VERSION } from '../../../src/core/store/schema.ts';
import { migrate, shippedMigrations } from '../../../src/core/store/postgres/migrate.ts';
import { PostgresStore } from '../../../src/core/store/postgres/postgres-store.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { tempDataDir } from '../../support/core.ts';
import { freshDatabase, usePostgres } from '../../support/postgres.ts';

const server = usePostgres();
const url = server === null ? null : await freshDatabase();

/** Join requests as a schema-7 program stored them: the lifetime in whole days. The reason holds the field's name to show it is left alone. */
function version7Requests(): Record<string, Record<string, unknown>> {
  const request = (id: string, numericId: number, membershipDays: number | null, status: string) => ({
    id,
    numericId,
    accountId: 'acc_1',
    projectId: `prj_${id}`,
    reason: '"membershipDays":3 is what I typed',
    membershipDays,
    createdAt: `2026-01-0${numericId}T09:00:00.000Z`,
    expiresAt: `2026-01-1${numericId}T09:00:00.000Z`,
    status,
    answeredAt: null,
    answeredBy: null,
  });
  return { jrq_a: request('jrq_a', 1, 14, 'pending'), jrq_b: request('jrq_b', 2, null, 'pending'), jrq_c: request('jrq_c', 3, 2, 'cancelled') };
}

async function expectInSeconds(store: Store): Promise<void> {
  const a = await store.view((view) => view.get('joinRequests', 'jrq_a'));
  expect(a).toMatchObject({ membershipSeconds: 14 * 86_400, reason: '"membershipDays":3 is what I typed' });
  expect(a).not.toHaveProperty('membershipDays');
  expect(await store.view((view) => view.get('joinRequests', 'jrq_b'))).toMatchObject({ membershipSeconds: null });
  expect(await store.view((view) => view.get('joinRequests', 'jrq_c'))).toMatchObject({ membershipSeconds: 2 * 86_400 });
  // Pending requests are found under the operator's index, oldest first; the cancelled one is not.
  const { items } = await store.view((view) => view.page('joinRequests', 'allPending', { key: ALL, limit: 10 }));
  expect(items.map((request) => request.id)).toEqual(['jrq_a', 'jrq_b']);
}

describe('join request lifetimes in seconds for data stored before schema 8', () => {
  it('turns a version-7 store file’s days into seconds', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    await (await FileStore.open(file)).close();
    const { sha256: _checksum, ...written } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...written, schemaVersion: 7, joinRequests: version7Requests() }), { mode: 0o600 });
    const store = await FileStore.open(file);
    try {
      await expectInSeconds(store);
      expect((await FileStore.load(file))?.schemaVersion).toBe(SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  });

  it.skipIf(url === null)('turns a PostgreSQL database’s days into seconds in migration 005, and files its pending requests for the operator', async () => {
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    try {
      const migrations = await shippedMigrations();
      expect(migrations[4]!.name).toBe('join_request_seconds');
      await client.query('CREATE TABLE kbc_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const migration of migrations.slice(0, 4)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO kbc_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
      for (const [id, entry] of Object.entries(version7Requests())) {
        await client.query(`INSERT INTO kbc_entries (collection, id, data) VALUES ('joinRequests', $1, $2)`, [id, JSON.stringify(entry)]);
      }
      expect(await migrate(client)).toMatchObject({ from: 4, applied: ['005_join_request_seconds', '006_expect'] });
    } finally {
      await client.end();
    }
    const store = await PostgresStore.open(url!);
    try {
      await expectInSeconds(store);
    } finally {
      await store.close();
    }
  });
});
