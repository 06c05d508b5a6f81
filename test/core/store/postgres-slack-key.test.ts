import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrate, shippedMigrations } from '../../../src/core/store/postgres/migrate.ts';
import { PostgresStore } from '../../../src/core/store/postgres/postgres-store.ts';
import { freshDatabase, usePostgres } from '../../support/postgres.ts';

const server = usePostgres();
// Top level, so freshDatabase can register the afterAll that drops it.
const url = server === null ? null : await freshDatabase();

const link = (accountId: string, teamId: string, userId: string, linkedAt: string) => ({ accountId, teamId, userId, linkedAt });

/** A database at migration 001 holding Slack links as the program of schema 4 filed them (team + user id). */
async function databaseAtVersion1(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const [first] = await shippedMigrations();
    await client.query('CREATE TABLE kbc_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await client.query(first!.sql);
    await client.query('INSERT INTO kbc_schema_migrations (version, name) VALUES (1, $1)', [first!.name]);
    const links = [
      link('acc_a', 'T1', 'U1', '2026-01-01T00:00:00.000Z'),
      link('acc_b', 'T1', 'U2', '2026-01-01T00:00:00.000Z'),
      link('acc_c', 'T2', 'U2', '2026-01-02T00:00:00.000Z'),
    ];
    for (const entry of links) {
      const oldKey = `${entry.teamId}\u001f${entry.userId}`;
      await client.query(`INSERT INTO kbc_entries (collection, id, data) VALUES ('slackLinks', $1, $2)`, [entry.accountId, JSON.stringify(entry)]);
      await client.query(`INSERT INTO kbc_index (collection, name, key, sort, id) VALUES ('slackLinks', 'slackUser', $1, '', $2), ('slackLinks', 'all', '*', $3, $2)`, [
        oldKey,
        entry.accountId,
        entry.linkedAt,
      ]);
      await client.query(`INSERT INTO kbc_unique (collection, name, key, id) VALUES ('slackLinks', 'slackUser', $1, $2)`, [oldKey, entry.accountId]);
    }
    await migrate(client);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL migration 002 (Slack users keyed by enterprise + user id, or the user id alone)', () => {
  it.skipIf(url === null)('re-derives the slackUser index rows of existing links, keeping the newest link of a shared user id', async () => {
    await databaseAtVersion1(url!);
    const store = await PostgresStore.open(url!);
    try {
      const holder = async (key: string) => (await store.view((view) => view.find('slackLinks', 'slackUser', key))).map((found) => found.accountId);
      expect(await holder('U1')).toEqual(['acc_a']);
      expect(await holder('U2')).toEqual(['acc_c']);
      expect(await holder('T1\u001fU1')).toEqual([]);
      expect(await store.view((view) => view.get('slackLinks', 'acc_b'))).toBeNull();
      // The unique rows moved too: the same user id cannot take a second link.
      await expect(store.transact(async (tx) => tx.put('slackLinks', 'acc_d', link('acc_d', 'T3', 'U1', '2026-01-03T00:00:00.000Z')))).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    } finally {
      await store.close();
    }
  });
});
