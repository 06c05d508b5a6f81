import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import setupPostgres from '../../support/postgres-global-setup.ts';
import { startThrowawayPostgres } from '../../support/postgres-server.ts';
import { freshDatabase, usePostgres } from '../../support/postgres.ts';

const server = usePostgres();
// Top level, so freshDatabase can register the afterAll that drops them.
const databases = server === null ? null : { first: await freshDatabase(), second: await freshDatabase() };
const NOT_INSTALLED = { KBC_PG_BIN: '/nonexistent' };
// Named in the title so a skipped run says why, and a passing one does not claim it was skipped.
const NEEDS_POSTGRES = databases === null ? ' (skipped: PostgreSQL not installed)' : '';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** initdb succeeds, pg_ctl writes a FATAL line to its -l log and fails: a server that will not start. */
async function brokenPostgresBin(): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), 'kbc-fake-pg-'));
  const failingPgCtl = [
    '#!/bin/sh',
    'while [ $# -gt 0 ]; do [ "$1" = -l ] && log="$2"; shift; done',
    '[ -n "$log" ] && echo "FATAL:  pretend the data directory is damaged" >> "$log"',
    'echo "pg_ctl: could not start server" >&2',
    'exit 1',
  ];
  await writeFile(join(bin, 'initdb'), '#!/bin/sh\nexit 0\n');
  await writeFile(join(bin, 'pg_ctl'), `${failingPgCtl.join('\n')}\n`);
  await writeFile(join(bin, 'postgres'), '#!/bin/sh\nexit 1\n');
  // Readable by the postgres user, whom the helper runs these as when the tests run as root.
  await Promise.all(['', 'initdb', 'pg_ctl', 'postgres'].map((file) => chmod(join(bin, file), 0o755)));
  return bin;
}

function started<T>(value: T | null): T {
  if (value === null) throw new Error('skipIf should have skipped this test: no PostgreSQL server');
  return value;
}

describe('throwaway PostgreSQL server', () => {
  it.skipIf(databases === null)(`serves a fresh database running PostgreSQL 15 or newer${NEEDS_POSTGRES}`, async () => {
    const { first } = started(databases);
    const [row] = await query(first, 'select version() as version, current_database() as name');
    const major = Number(/^PostgreSQL (\d+)/.exec(String(row?.version))?.[1]);
    expect(major).toBeGreaterThanOrEqual(15);
    expect(row?.name).toBe(new URL(first).pathname.slice(1));
  });

  it.skipIf(databases === null)(`keeps two fresh databases apart${NEEDS_POSTGRES}`, async () => {
    const { first, second } = started(databases);
    expect(first).not.toBe(second);
    await query(first, 'create table marker (id int primary key); insert into marker values (1)');
    expect(await query(first, 'select id from marker')).toEqual([{ id: 1 }]);
    expect(await query(second, "select to_regclass('marker') as found")).toEqual([{ found: null }]);
  });

  // Needs an installed PostgreSQL only for its postgres user, whom root runs the fake programs as.
  it.skipIf(databases === null)(`throws with the server log's tail when the server will not start${NEEDS_POSTGRES}`, async () => {
    const bin = await brokenPostgresBin();
    try {
      await expect(startThrowawayPostgres({ env: { KBC_PG_BIN: bin } })).rejects.toThrow(/pg_ctl start [\s\S]*could not start server[\s\S]*last lines[\s\S]*FATAL: {2}pretend the data directory is damaged/);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });
});

describe('without PostgreSQL', () => {
  it('reports it as not installed when KBC_PG_BIN names a directory without it', async () => {
    expect(await startThrowawayPostgres({ env: NOT_INSTALLED })).toEqual({ skipped: expect.stringContaining('KBC_PG_BIN=/nonexistent') });
  });

  it('skips the PostgreSQL leg with one line on stderr on a developer machine', async () => {
    const provided: unknown[] = [];
    let notice = '';
    await setupPostgres({ provide: (key, value) => void provided.push([key, value]) }, { env: { ...NOT_INSTALLED }, stderr: { write: (text: string) => ((notice += text), true) } });
    expect(provided).toEqual([['postgresUrl', null]]);
    expect(notice).toMatch(/^PostgreSQL not installed: the PostgreSQL leg of the store contract suite was skipped \(apt-get install postgresql\)[^\n]*\n$/);
  });

  it('fails the run in CI instead of skipping', async () => {
    const provide = () => undefined;
    await expect(setupPostgres({ provide }, { env: { ...NOT_INSTALLED, CI: 'true' } })).rejects.toThrow(/CI must run the PostgreSQL leg/);
  });
});
