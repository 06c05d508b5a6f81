import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { POSTGRES_URL_ENV } from './postgres-global-setup.ts';
import { createDatabase, dropDatabase } from './postgres-server.ts';

/**
 * The run's PostgreSQL URL, or null where PostgreSQL is not installed (never in CI: the global
 * setup throws there). The variable covers a config that has no such global setup.
 */
export function usePostgres(): string | null {
  return inject('postgresUrl') ?? process.env[POSTGRES_URL_ENV] ?? null;
}

/**
 * Creates a database of its own for the calling test file and returns its URL; files run in
 * parallel forks on one server, so sharing a database would let them see each other's rows.
 * Call it at the top level of the file (`const url = await freshDatabase()`): vitest silently
 * ignores an `afterAll` registered inside a hook or a test, and the database would outlive the
 * file.
 */
export async function freshDatabase(): Promise<string> {
  const server = usePostgres();
  if (server === null) throw new Error('freshDatabase() without PostgreSQL: check usePostgres() first and skip');
  // pid + random: unique across the parallel forks and across files in one fork.
  const name = `kbc_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  afterAll(() => dropDatabase(server, name));
  return createDatabase(server, name);
}
