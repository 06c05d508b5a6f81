import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { StoreError } from '../store-error.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Serialises migrations of one database across processes (any constant agreed by all of them). */
const MIGRATION_LOCK = 0x6b6263; // "kbc"

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The migrations this program ships, in order: `NNN_name.sql` files, plain SQL. */
export async function shippedMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file, index) => {
      const version = Number(file.slice(0, 3));
      if (version !== index + 1) throw new Error(`migration ${file} is out of sequence (expected ${String(index + 1).padStart(3, '0')}_…)`);
      return { version, name: file.slice(4, -4), sql: await readFile(`${MIGRATIONS_DIR}${file}`, 'utf8') };
    }),
  );
}

/** The schema version the database is at: 0 when kbc-account never migrated it. */
export async function appliedVersion(client: pg.ClientBase): Promise<number> {
  // One round trip for every process start; no table yet is the one error that means version 0.
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM kbc_schema_migrations').catch((error: unknown) => {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return { rows: [{ version: 0 }] };
    throw error;
  });
  return result.rows[0]?.version ?? 0;
}

/** PostgreSQL's undefined_table. */
const UNDEFINED_TABLE = '42P01';

/**
 * Applies the shipped migrations the database lacks, each in its own transaction, under an
 * advisory lock so that two processes migrating at once apply each file once. Returns what was
 * applied. Refuses a database newer than this program.
 */
export async function migrate(client: pg.ClientBase): Promise<{ from: number; to: number; applied: string[] }> {
  const migrations = await shippedMigrations();
  const latest = migrations.length;
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS kbc_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const from = await appliedVersion(client);
    if (from > latest) {
      throw new StoreError('STORE_SCHEMA_MISMATCH', 'the database', `has schema version ${from}, newer than this program's ${latest}; upgrade kbc-account`);
    }
    const applied: string[] = [];
    for (const migration of migrations.slice(from)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO kbc_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(`${String(migration.version).padStart(3, '0')}_${migration.name}`);
    }
    return { from, to: latest, applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
