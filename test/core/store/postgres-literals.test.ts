import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inlined } from '../../../src/core/store/postgres/postgres-transaction.ts';
import { usePostgres } from '../../support/postgres.ts';

/**
 * A transaction's first statement goes out with BEGIN and its last with COMMIT as one simple
 * query, with the parameters written in as literals (postgres-transaction.ts): every value must
 * arrive exactly as a bound parameter would, whatever it holds.
 */
const HOSTILE = [
  "it's",
  "'); DROP TABLE kbc_entries; --",
  'back\\slash \\x00 \\\\ end\\',
  '$1 $2 $10 and $$ dollar-quoted $$',
  'line\nbreak\ttab\r',
  'ünïcödé 👩‍💻 \u202e right-to-left \u200b',
  '{"json": "text", "quote": "\\"", "esc": "\\u0000"}',
  '',
];

describe('statements with their parameters written in', () => {
  it('replaces each placeholder once, never inside what a literal holds', () => {
    expect(inlined({ sql: 'SELECT $1, $2, $10', params: ['$2', 'x', 3, 4, 5, 6, 7, 8, 9, 'ten'] })).toBe("SELECT '$2', 'x', 'ten'");
    expect(inlined({ sql: 'SELECT $1::text[], $2::text[]', params: [['a', "b'c"], []] })).toBe("SELECT ARRAY['a', 'b''c']::text[], ARRAY[]::text[]");
    expect(inlined({ sql: 'SELECT $1 LIMIT $2', params: [null, 21] })).toBe('SELECT NULL LIMIT 21');
  });

  it('refuses a value it cannot write as a literal instead of guessing', () => {
    expect(() => inlined({ sql: 'SELECT $1', params: [{ a: 1 }] })).toThrow(/no SQL literal/);
    expect(() => inlined({ sql: 'SELECT $1', params: [1.5] })).toThrow(/no SQL literal/);
  });

  const url = usePostgres();
  const client = url === null ? null : new pg.Client({ connectionString: url });
  afterAll(() => client?.end());

  it.skipIf(url === null)('reach PostgreSQL exactly as bound parameters do, hostile text and arrays included', async () => {
    await client!.connect();
    for (const value of HOSTILE) {
      const statement = { sql: 'SELECT $1::text AS one, $2::text[] AS many', params: [value, [value, 'x', value]] };
      const bound = await client!.query(statement.sql, [...statement.params]);
      // Two statements in one simple query, as a transaction's commit sends them.
      const results = (await client!.query(`SELECT 1; ${inlined(statement)}`)) as unknown as pg.QueryResult[];
      expect(results[1]!.rows[0]).toEqual(bound.rows[0]);
      expect(results[1]!.rows[0]).toEqual({ one: value, many: [value, 'x', value] });
    }
  });
});
