import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { SCHEMA_VERSION } from '../../../src/core/store/schema.ts';
import { migrate, shippedMigrations } from '../../../src/core/store/postgres/migrate.ts';
import { PostgresStore } from '../../../src/core/store/postgres/postgres-store.ts';
import { findByNumericId, nextNumericId } from '../../../src/core/store/sequences.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { tempDataDir } from '../../support/core.ts';
import { freshDatabase, usePostgres } from '../../support/postgres.ts';
import { projectRecord } from './support.ts';

const server = usePostgres();
const url = server === null ? null : await freshDatabase();

/** Projects as a schema-5 program stored them: no numeric id. `p_old` was created first, though its id sorts last. */
function version5Projects(): Record<string, Record<string, unknown>> {
  const without = (id: string, createdAt: string) => {
    const { numericId: _numericId, ...rest } = projectRecord(id);
    return { ...rest, createdAt };
  };
  return {
    p_a: without('p_a', '2026-01-02T00:00:00.000Z'),
    p_b: without('p_b', '2026-01-02T00:00:00.000Z'),
    p_old: without('p_old', '2026-01-01T00:00:00.000Z'),
  };
}

async function expectNumbered(store: Store): Promise<void> {
  const idOf = async (n: number) => (await store.view((view) => findByNumericId(view, 'projects', n)))?.id ?? null;
  expect([await idOf(1), await idOf(2), await idOf(3), await idOf(4)]).toEqual(['p_old', 'p_a', 'p_b', null]);
  // The next project continues after the migrated ones.
  const next = await store.transact(async (tx) => {
    const numericId = await nextNumericId(tx, 'projects');
    tx.put('projects', 'p_new', { ...projectRecord('p_new'), numericId });
    return numericId;
  });
  expect(next).toBe(4);
  expect(await store.transact((tx) => nextNumericId(tx, 'tokens'))).toBe(1);
  // The unique index holds for migrated numbers too.
  await expect(store.transact(async (tx) => tx.put('projects', 'p_dup', { ...projectRecord('p_dup'), numericId: 2 }))).rejects.toThrow();
}

describe('numeric ids for data stored before schema 6', () => {
  it('numbers a version-5 store file’s entries in order of creation and continues after them', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    // A store as this program writes it (it names its journal), turned back into version 5.
    await (await FileStore.open(file)).close();
    const { sha256: _checksum, sequences: _sequences, ...written } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...written, schemaVersion: 5, projects: version5Projects() }), { mode: 0o600 });
    const store = await FileStore.open(file);
    try {
      await expectNumbered(store);
      expect((await FileStore.load(file))?.schemaVersion).toBe(SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  });

  it.skipIf(url === null)('numbers a PostgreSQL database’s entries in migration 003 and continues after them', async () => {
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    try {
      const migrations = await shippedMigrations();
      await client.query('CREATE TABLE kbc_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const migration of migrations.slice(0, 2)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO kbc_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
      for (const [id, entry] of Object.entries(version5Projects())) {
        await client.query(`INSERT INTO kbc_entries (collection, id, data) VALUES ('projects', $1, $2)`, [id, JSON.stringify(entry)]);
        await client.query(`INSERT INTO kbc_index (collection, name, key, sort, id) VALUES ('projects', 'all', '*', $1, $1)`, [id]);
      }
      await migrate(client);
    } finally {
      await client.end();
    }
    const store = await PostgresStore.open(url!);
    try {
      await expectNumbered(store);
      expect(await store.view((view) => view.get('projects', 'p_old'))).toMatchObject({ id: 'p_old', numericId: 1 });
    } finally {
      await store.close();
    }
  });
});
