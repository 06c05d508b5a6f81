import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../src/core/store/postgres/postgres-store.ts';
import { PostgresTransaction } from '../../../src/core/store/postgres/postgres-transaction.ts';
import type { KnownEntry, StoreTransaction, StoreView } from '../../../src/core/store/store.ts';
import { createCore, createSecretBox, fastTestHasher, FakeClock } from '../../../src/core/index.ts';
import { PASSWORD, TEST_SECRET_KEY } from '../../support/core.ts';
import { usePostgres } from '../../support/postgres.ts';
import { recordQueries } from '../../support/pg-queries.ts';
import { gatedHasher } from '../../support/gated-hasher.ts';
import { projectRecord } from './support.ts';

/**
 * TransactOptions.known on PostgreSQL under real concurrency: a second connection holds row locks
 * and commits at the moment the test chooses, so that kbc_expect (migrations/006_expect.sql) meets
 * each interleaving READ COMMITTED allows, and the batched reads meet a lock they cannot get.
 */
const url = usePostgres();

const named = (id: string, name: string) => ({ ...projectRecord(id), name });
const member = (project: ReturnType<typeof projectRecord>, accountId: string) => ({
  ...project,
  members: { ...project.members, [accountId]: { role: 'admin' as const, joinedAt: '2026-01-01T00:00:00.000Z' } },
});
const throttle = (key: string, failures: number) => ({ key, failures, lastFailureAt: '2026-01-01T00:00:00.000Z', retryAfter: null, expiresAt: '2026-01-02T00:00:00.000Z' });

const opened: { end(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(opened.splice(0).map((thing) => thing.end()));
});

/** A store in a schema of its own, and a plain connection to the same schema (another process, as far as the store knows). */
async function setUp(settings = ''): Promise<{ store: PostgresStore; other: pg.Client; schema: string }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await PostgresStore.open(url!, { schema, migrate: true });
  opened.push({ end: () => store.close() });
  const other = new pg.Client({ connectionString: url!, options: `-c search_path=${schema} ${settings}` });
  await other.connect();
  opened.push({ end: () => other.end() });
  return { store, other, schema };
}

/** Resolves once some backend waits for a lock `holder` holds (the statement under test is blocked). */
async function blockedBy(holder: pg.Client): Promise<void> {
  const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const watcher = new pg.Client({ connectionString: url! });
  await watcher.connect();
  try {
    for (let i = 0; i < 500; i++) {
      const waiting = await watcher.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1::int = ANY (pg_blocking_pids(pid))', [rows[0]!.pid]);
      if (waiting.rows[0]!.n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('nothing ever waited for the lock');
  } finally {
    await watcher.end();
  }
}

describe.skipIf(url === null)('entries known before a transaction, on PostgreSQL under concurrency', () => {
  it.each([
    ['updated', `UPDATE kbc_entries SET data = '${JSON.stringify(named('p1', 'B'))}' WHERE collection = 'projects' AND id = 'p1'`, 'B', 'B!'],
    ['deleted', `DELETE FROM kbc_entries WHERE collection = 'projects' AND id = 'p1'`, null, null],
  ] as const)('runs the work again when the row kbc_expect waits for is %s and committed meanwhile', async (_what, change, seenAfter, nameAfter) => {
    const { store, other } = await setUp();
    await store.transact(async (tx) => tx.put('projects', 'p1', named('p1', 'A')));
    const before = await store.view((view) => view.get('projects', 'p1'));
    await other.query('BEGIN');
    await other.query(change);
    const seen: (string | null)[] = [];
    const running = store.transact(
      async (tx) => {
        const project = await tx.get('projects', 'p1');
        seen.push(project?.name ?? null);
        if (project) project.name += '!';
      },
      { known: [{ collection: 'projects', id: 'p1', entry: before }] },
    );
    await blockedBy(other);
    await other.query('COMMIT');
    await running;
    expect(seen).toEqual(['A', seenAfter]);
    expect((await store.view((view) => view.get('projects', 'p1')))?.name ?? null).toBe(nameAfter);
  });

  it('never overwrites a row created meanwhile for an id known as missing: counts on it', async () => {
    const { store, other } = await setUp();
    // Known as missing; another transaction creates it and has not committed when kbc_expect looks.
    await other.query('BEGIN');
    await other.query(`INSERT INTO kbc_entries (collection, id, data) VALUES ('throttles', 'k', $1)`, [JSON.stringify(throttle('k', 5))]);
    const seen: (number | null)[] = [];
    const running = store.transact(
      async (tx) => {
        const found = await tx.get('throttles', 'k');
        seen.push(found?.failures ?? null);
        tx.put('throttles', 'k', throttle('k', (found?.failures ?? 0) + 1));
      },
      { known: [{ collection: 'throttles', id: 'k', entry: null }] },
    );
    await blockedBy(other);
    await other.query('COMMIT');
    await running;
    expect(seen).toEqual([null, 5]);
    expect((await store.view((view) => view.get('throttles', 'k')))?.failures).toBe(6);
  });

  it('takes entries stored as text outside ASCII, or not as JSON.stringify writes it, as they were read: no run again', async () => {
    const { store, other } = await setUp();
    const name = 'Ünïcödé 👩‍💻 e\u0301 \u2028 "quoted" \\ \u00a0 𝔘';
    await store.transact(async (tx) => tx.put('projects', 'p1', named('p1', name)));
    // As another program (or an old migration through jsonb) may have written it: spaces, escapes.
    const loose = JSON.stringify(named('p2', name), null, 1).replace('Ü', '\\u00dc');
    await other.query(`INSERT INTO kbc_entries (collection, id, data) VALUES ('projects', 'p2', $1)`, [loose]);
    const known = await store.view(async (view) => {
      const [p1, p2] = await Promise.all([view.get('projects', 'p1'), view.get('projects', 'p2')]);
      return [{ collection: 'projects', id: 'p1', entry: p1 }, { collection: 'projects', id: 'p2', entry: p2 }] as const satisfies readonly KnownEntry[];
    });
    expect(known.map((read) => read.entry?.name)).toEqual([name, name]);
    let runs = 0;
    await store.transact(
      async (tx) => {
        runs++;
        const [p1, p2] = await Promise.all([tx.get('projects', 'p1'), tx.get('projects', 'p2')]);
        p1!.name += '1';
        p2!.name += '2';
      },
      { known },
    );
    expect(runs).toBe(1);
    expect((await store.view((view) => Promise.all([view.get('projects', 'p1'), view.get('projects', 'p2')]))).map((project) => project?.name)).toEqual([`${name}1`, `${name}2`]);
  });

  it('sends a transaction’s reads by id and finds started at once as one round trip, whatever their order', async () => {
    const { store } = await setUp();
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', member(projectRecord('p1'), 'acc_a'));
      tx.put('projects', 'p2', member(member(named('p2', 'Second'), 'acc_a'), 'acc_b'));
    });
    const { sent } = await recordQueries(() =>
      store.transact(async (tx) => {
        const [second, inA, inB] = await Promise.all([tx.get('projects', 'p2'), tx.find('projects', 'member', 'acc_a'), tx.find('projects', 'member', 'acc_b')]);
        expect([second?.name, inA.map((project) => project.id).sort(), inB.map((project) => project.id)]).toEqual(['Second', ['p1', 'p2'], ['p2']]);
      }),
    );
    // BEGIN with the reads, then COMMIT.
    expect(sent).toHaveLength(2);
  });

  it('fails every read of a batch whose first statement cannot get its lock, and leaves the connection usable with nothing open', async () => {
    const { store, other, schema } = await setUp();
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', member(projectRecord('p1'), 'acc_a'));
      tx.put('throttles', 'k', throttle('k', 1));
    });
    await other.query('BEGIN');
    await other.query(`SELECT 1 FROM kbc_entries WHERE collection = 'projects' AND id = 'p1' FOR UPDATE`);
    const client = new pg.Client({ connectionString: url!, options: `-c search_path=${schema} -c lock_timeout=200ms` });
    await client.connect();
    opened.push({ end: () => client.end() });
    const tx = new PostgresTransaction(client);
    const reads = await Promise.allSettled([tx.get('projects', 'p1'), tx.get('throttles', 'k'), tx.find('projects', 'member', 'acc_a')]);
    expect(reads.map((read) => read.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((reads[0] as PromiseRejectedResult).reason).toMatchObject({ code: '55P03' });
    expect(tx.open).toBe(true);
    await client.query('ROLLBACK');
    await other.query('COMMIT');
    // Outside any transaction block: SAVEPOINT is refused there.
    await expect(client.query('SAVEPOINT s')).rejects.toMatchObject({ code: '25P01' });
    expect((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM kbc_entries WHERE collection = 'projects'`)).rows[0]!.n).toBe(1);
  });

  it('reads hostile ids and keys in one batch exactly as one at a time, in a view and in a transaction', async () => {
    const { store } = await setUp();
    const hostile = ["it's", "'); DROP TABLE kbc_entries; --", 'back\\slash \\x00 \\\\ end\\', '$1 $2 $10 and $$ dollar $$', 'E\'\\\'', 'ünï 👩‍💻 \u202e', 'x'.repeat(2_000)];
    // Far longer than any key a row can hold: asked for, never found.
    const huge = 'y'.repeat(1_000_000);
    await store.transact(async (tx) => {
      hostile.forEach((value, i) => {
        tx.put('throttles', value, throttle(value, i + 1));
        tx.put('projects', `p${i}`, member(projectRecord(`p${i}`), value));
      });
    });
    const read = async (reader: StoreView | StoreTransaction) =>
      Promise.all(
        [...hostile, huge].flatMap((value) => [
          reader.get('throttles', value).then((found) => found?.failures ?? null),
          reader.find('projects', 'member', value).then((found) => found.map((project) => project.id)),
        ]),
      );
    const expected = [...hostile.flatMap((_, i) => [i + 1, [`p${i}`]]), null, []];
    expect(await store.view(read)).toEqual(expected);
    expect(await store.transact(read)).toEqual(expected);
    expect(await store.view((view) => view.get('projects', 'p0'))).not.toBeNull();
  });
});

describe.skipIf(url === null)('a NUL in an id or a key on PostgreSQL', () => {
  it('fails the reads that carry it, batched or not, in a view and in a transaction, and the store stays usable', async () => {
    const { store } = await setUp();
    await store.transact(async (tx) => tx.put('throttles', 'k', throttle('k', 1)));
    // PostgreSQL's text holds no NUL: a bound parameter fails (22021), a simple query's text too (08P01).
    await expect(store.view((view) => view.get('throttles', 'a\u0000b'))).rejects.toMatchObject({ code: expect.stringMatching(/^(22021|08P01)$/) });
    await expect(store.view((view) => Promise.all([view.get('throttles', 'k'), view.find('projects', 'member', 'x\u0000')]))).rejects.toMatchObject({ code: expect.stringMatching(/^(22021|08P01)$/) });
    await expect(store.transact((tx) => Promise.all([tx.get('throttles', 'k'), tx.find('projects', 'member', 'x\u0000')]))).rejects.toMatchObject({ code: expect.stringMatching(/^(22021|08P01)$/) });
    // Nothing left open or half-written: the next transaction and view work on the same pool.
    await store.transact(async (tx) => {
      (await tx.get('throttles', 'k'))!.failures = 2;
    });
    expect((await store.view((view) => view.get('throttles', 'k')))?.failures).toBe(2);
  });
});

const EMAIL = 'ann@example.com';

describe.skipIf(url === null)('a sign-in on PostgreSQL racing a change to its account', () => {
  /** Two cores on one PostgreSQL store, as two processes: `slow` checks passwords through a gated hasher. */
  async function twoCores() {
    const { store, other } = await setUp();
    const clock = new FakeClock();
    const secrets = createSecretBox(TEST_SECRET_KEY);
    const gated = gatedHasher();
    const slow = createCore({ store, clock, secrets, hasher: gated.hasher });
    const fast = createCore({ store, clock, secrets, hasher: fastTestHasher() });
    const { id } = await fast.accounts.create({ email: EMAIL, password: PASSWORD });
    return { clock, gated, slow, fast, other, id };
  }

  it('refuses the old password when a password change held the account while the sign-in committed', async () => {
    const { clock, gated, slow, fast, other, id } = await twoCores();
    const login = slow.accounts.login({ email: EMAIL, password: PASSWORD });
    await gated.waiting;
    // Another process is changing the password: it holds the account's row when the sign-in commits.
    await other.query('BEGIN');
    const { rows } = await other.query<{ data: string }>(`SELECT data FROM kbc_entries WHERE collection = 'accounts' AND id = $1 FOR UPDATE`, [id]);
    const changed = { ...JSON.parse(rows[0]!.data), passwordHash: await fastTestHasher().hash('another passphrase'), passwordChangedAt: new Date(clock.now().getTime() + 1000).toISOString() };
    await other.query(`UPDATE kbc_entries SET data = $1 WHERE collection = 'accounts' AND id = $2`, [JSON.stringify(changed), id]);
    gated.release();
    await blockedBy(other);
    await other.query('COMMIT');
    await expect(login).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await fast.sessions.summaryFor(id)).toMatchObject({ active: 0 });
  });

  it('counts every one of 8 concurrent wrong passwords, and the right one after them waits', async () => {
    const { fast, id } = await twoCores();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => fast.accounts.login({ email: EMAIL, password: `wrong guess ${i}` })));
    const codes = results.map((result) => (result.status === 'rejected' ? (result.reason as { code: string }).code : 'SIGNED_IN')).sort();
    expect(codes).toEqual([...Array(4).fill('INVALID_CREDENTIALS'), ...Array(4).fill('TOO_MANY_ATTEMPTS')]);
    const activity = await fast.accounts.securityActivity(id);
    expect(activity.filter((event) => event.type === 'login.failed')).toHaveLength(5);
    await expect(fast.accounts.login({ email: EMAIL, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });
});
