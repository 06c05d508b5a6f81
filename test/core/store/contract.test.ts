import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';
import type { Page, Store, StoreTransaction, StoreView } from '../../../src/core/store/store.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import { openTestPostgresStore, tempDataDir } from '../../support/core.ts';
import { projectRecord } from './support.ts';

/**
 * The storage port's contract, run against every store (as Kratos runs one persister suite
 * against every database): what services rely on, whatever holds the data.
 */
const STORES: readonly { name: string; open: () => Promise<Store>; skip?: string }[] = [
  { name: 'memory', open: async () => new MemoryStore() },
  { name: 'file', open: async () => FileStore.open(join(await tempDataDir(), 'kbc-account.json')) },
  {
    name: 'postgres',
    open: openTestPostgresStore,
    ...(process.env.KBC_TEST_DATABASE_URL ? {} : { skip: 'PostgreSQL is not installed here (see the test run header)' }),
  },
];

const member = (project: ReturnType<typeof projectRecord>, accountId: string) => ({
  ...project,
  members: { ...project.members, [accountId]: { role: 'admin' as const, joinedAt: '2026-01-01T00:00:00.000Z' } },
});

const named = (id: string, name: string) => ({ ...projectRecord(id), name });

describe.each(STORES)('the storage port on the $name store', ({ open, skip }) => {
  const it_ = skip ? it.skip : it;

  it_('gets, puts and deletes entries; a missing one is null', async () => {
    const store = await open();
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', projectRecord('p1'));
      tx.put('projects', 'p2', projectRecord('p2'));
    });
    await store.transact(async (tx) => tx.delete('projects', 'p2'));
    expect((await store.view((view) => view.get('projects', 'p1')))?.id).toBe('p1');
    expect(await store.view((view) => view.get('projects', 'p2'))).toBeNull();
    expect(await store.view((view) => view.get('projects', 'constructor'))).toBeNull();
  });

  it_('answers reads started at once, of several collections, the same id twice and missing ids, each with its own entry', async () => {
    const store = await open();
    const throttle = { key: 'constructor', failures: 2, lastFailureAt: '2026-01-01T00:00:00.000Z', retryAfter: null, expiresAt: '2026-01-02T00:00:00.000Z' };
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', projectRecord('p1'));
      tx.put('projects', 'p2', named('p2', 'Second'));
      tx.put('throttles', 'constructor', throttle);
    });
    const read = (reader: StoreView | StoreTransaction) =>
      Promise.all([reader.get('projects', 'p1'), reader.get('projects', 'nope'), reader.get('projects', 'p2'), reader.get('projects', 'p1'), reader.get('throttles', 'constructor'), reader.get('throttles', 'p1')] as const);
    const [p1, missing, p2, p1Again, found, notThere] = await store.view(read);
    expect([p1?.id, missing, p2?.name, p1Again?.id, found, notThere]).toEqual(['p1', null, 'Second', 'p1', throttle, null]);
    // In a transaction, an entry read twice at once is one object: a change through either is kept.
    await store.transact(async (tx) => {
      const [first, , , again] = await Promise.all([tx.get('projects', 'p1'), tx.get('projects', 'nope'), tx.get('projects', 'p2'), tx.get('projects', 'p1')]);
      expect(again).toBe(first);
      again!.name = 'Changed through the second read';
    });
    expect((await store.view((view) => view.get('projects', 'p1')))?.name).toBe('Changed through the second read');
  });

  it_('answers finds started at once with reads by id, in a view and in a transaction, each with its own entries', async () => {
    const store = await open();
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', member(projectRecord('p1'), 'acc_a'));
      tx.put('projects', 'p2', member(member(named('p2', 'Second'), 'acc_a'), 'acc_b'));
    });
    const read = (reader: StoreView | StoreTransaction) =>
      Promise.all([reader.find('projects', 'member', 'acc_a'), reader.get('projects', 'p2'), reader.find('projects', 'member', 'acc_b'), reader.find('projects', 'member', 'nobody'), reader.get('throttles', 'p1')] as const);
    const ids = (projects: readonly { id: string }[]) => projects.map((project) => project.id).sort();
    const [a, p2, b, nobody, none] = await store.view(read);
    expect([ids(a), p2?.name, ids(b), nobody, none]).toEqual([['p1', 'p2'], 'Second', ['p2'], [], null]);
    await store.transact(async (tx) => {
      const [inA, second, inB] = await Promise.all([tx.find('projects', 'member', 'acc_a'), tx.get('projects', 'p2'), tx.find('projects', 'member', 'acc_b')]);
      expect([ids(inA), ids(inB)]).toEqual([['p1', 'p2'], ['p2']]);
      // The same entry through a find and a get is one object.
      expect(inB[0]).toBe(second);
      second!.name = 'Changed through the get';
    });
    expect((await store.view((view) => view.find('projects', 'member', 'acc_b')))[0]?.name).toBe('Changed through the get');
  });

  it_('keeps text like `$1` as it is when a transaction writes before its first read', async () => {
    const store = await open();
    const hostile = "$1 $2 'quoted' \\ $$ end";
    await store.transact(async (tx) => {
      // Written first, then a query of the same collection: the write goes out with BEGIN.
      tx.put('projects', 'p1', member(named('p1', hostile), 'acc_a'));
      tx.put('projects', 'p2', member(named('p2', `${hostile} two`), 'acc_a'));
      expect((await tx.find('projects', 'member', 'acc_a')).map((project) => project.name)).toEqual([hostile, `${hostile} two`]);
    });
    expect((await store.view((view) => view.find('projects', 'member', 'acc_a'))).map((project) => project.name)).toEqual([hostile, `${hostile} two`]);
  });

  it_('saves what a transaction changed in an entry it read (a unit of work), and nothing when it throws', async () => {
    const store = await open();
    await store.transact(async (tx) => tx.put('projects', 'p1', projectRecord('p1')));
    await store.transact(async (tx) => {
      const project = await tx.get('projects', 'p1');
      project!.name = 'Renamed';
    });
    await expect(
      store.transact(async (tx) => {
        const project = await tx.get('projects', 'p1');
        project!.name = 'Never';
        tx.put('projects', 'p9', projectRecord('p9'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await store.view((view) => view.get('projects', 'p1')))?.name).toBe('Renamed');
    expect(await store.view((view) => view.get('projects', 'p9'))).toBeNull();
  });

  it_('refuses an entry that breaks the schema, writing nothing of that transaction', async () => {
    const store = await open();
    await expect(
      store.transact(async (tx) => {
        tx.put('projects', 'ok', projectRecord('ok'));
        tx.put('projects', 'bad', { ...projectRecord('bad'), name: 42 as unknown as string });
      }),
    ).rejects.toThrow(/invalid/);
    expect(await store.view((view) => view.get('projects', 'ok'))).toBeNull();
  });

  it_('finds entries through an index kept current, and a transaction sees its own changes', async () => {
    const store = await open();
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', member(projectRecord('p1'), 'acc_a'));
      tx.put('projects', 'p2', member(projectRecord('p2'), 'acc_b'));
    });
    const found = await store.transact(async (tx) => {
      const p2 = await tx.get('projects', 'p2');
      p2!.members = { acc_a: { role: 'guest', joinedAt: '2026-01-02T00:00:00.000Z' } };
      tx.put('projects', 'p3', member(projectRecord('p3'), 'acc_a'));
      return (await tx.find('projects', 'member', 'acc_a')).map((project) => project.id).sort();
    });
    expect(found).toEqual(['p1', 'p2', 'p3']);
    expect((await store.view((view) => view.find('projects', 'member', 'acc_b'))).map((project) => project.id)).toEqual([]);
    await store.transact(async (tx) => tx.delete('projects', 'p1'));
    expect((await store.view((view) => view.find('projects', 'member', 'acc_a'))).map((project) => project.id).sort()).toEqual(['p2', 'p3']);
  });

  it_('pages in order with a limit and a cursor, both ways, within a range of sort values', async () => {
    const store = await open();
    await store.transact(async (tx) => {
      for (const [id, name] of [['p1', 'delta'], ['p2', 'alpha'], ['p3', 'charlie'], ['p4', 'bravo'], ['p5', 'bravo']] as const) tx.put('projects', id, named(id, name));
    });
    const names = async (query: { order?: 'asc' | 'desc'; from?: string; before?: string }) => {
      const seen: string[] = [];
      for (let after: string | null = null; ; ) {
        const page = await store.view((view) => view.page('projects', 'all', { key: ALL, limit: 2, after, ...query }));
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((project) => `${project.name}/${project.id}`));
        if (!(after = page.next)) return seen;
      }
    };
    expect(await names({})).toEqual(['alpha/p2', 'bravo/p4', 'bravo/p5', 'charlie/p3', 'delta/p1']);
    expect(await names({ order: 'desc' })).toEqual(['delta/p1', 'charlie/p3', 'bravo/p5', 'bravo/p4', 'alpha/p2']);
    expect(await names({ from: 'bravo', before: 'delta' })).toEqual(['bravo/p4', 'bravo/p5', 'charlie/p3']);
    const last = await store.view((view) => view.page('projects', 'all', { key: ALL, limit: 5 }));
    expect(last.next).toBeNull();
  });

  it_('pages over several keys at once, each entry once', async () => {
    const store = await open();
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', member(member(named('p1', 'one'), 'acc_a'), 'acc_b'));
      tx.put('projects', 'p2', member(named('p2', 'two'), 'acc_b'));
      tx.put('projects', 'p3', member(named('p3', 'three'), 'acc_c'));
    });
    const page = await store.view((view) => view.page('projects', 'member', { key: ['acc_a', 'acc_b'], limit: 10 }));
    expect(page.items.map((project) => project.id)).toEqual(['p1', 'p2']);
  });

  it_('searches a page: a text in a field in any case, literally, looking at a bounded number of entries and going on with the cursor', async () => {
    const store = await open();
    const NAMES = [['p1', 'Churn model'], ['p2', 'alpha'], ['p3', 'CHURN report'], ['p4', 'bravo'], ['p5', 'Été à Ürümqi'], ['p6', 'data_pipeline 100%']] as const;
    await store.transact(async (tx) => {
      for (const [id, name] of NAMES) tx.put('projects', id, named(id, name));
    });
    /** Every page of the search, as ids per page, read through a view or inside a transaction. */
    const pages = async (text: string, limit: number, scanMax: number, through: 'view' | 'transaction' = 'view') => {
      const seen: string[][] = [];
      for (let after: string | null = null; ; ) {
        const query = { key: ALL, limit, after, contains: { fields: ['name'], text, scanMax } };
        const page: Page<{ readonly id: string }> =
          through === 'view' ? await store.view((view) => view.page('projects', 'all', query)) : await store.transact((tx) => tx.page('projects', 'all', query));
        seen.push(page.items.map((project) => project.id));
        if (!(after = page.next)) return seen;
        if (seen.length > NAMES.length + 1) throw new Error('the search does not end');
      }
    };
    // By name, in code-unit order: CHURN report, Churn model, alpha, bravo, data_pipeline 100%, Été à Ürümqi.
    expect(await pages('churn', 1, 10)).toEqual([['p3'], ['p1'], []]);
    expect(await pages('churn', 10, 10)).toEqual([['p3', 'p1']]);
    expect(await pages('CHURN', 10, 10, 'transaction')).toEqual([['p3', 'p1']]);
    // Two entries looked at per page: pages come back short (even empty) while entries are left.
    expect(await pages('a', 10, 2)).toEqual([[], ['p2', 'p4'], ['p6']]);
    expect(await pages('o', 10, 2)).toEqual([['p3', 'p1'], ['p4'], []]);
    // Beyond ASCII, and never a LIKE pattern: `_` and `%` are themselves.
    expect(await pages('ÉTÉ À ü', 10, 10)).toEqual([['p5']]);
    expect(await pages('a_p', 10, 10)).toEqual([['p6']]);
    expect(await pages('%', 10, 10)).toEqual([['p6']]);
    expect(await pages('zebra', 10, 10)).toEqual([[]]);
  });

  it_('refuses a forged cursor as invalid input', async () => {
    const store = await open();
    await expect(store.view((view) => view.page('projects', 'all', { key: ALL, limit: 2, after: 'not-a-cursor' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it_('refuses a second entry under a unique key with STORE_CONFLICT and writes nothing of it', async () => {
    const store = await open();
    const link = (accountId: string) => ({ accountId, teamId: 'T1', userId: 'U1', linkedAt: '2026-01-01T00:00:00.000Z' });
    await store.transact(async (tx) => tx.put('slackLinks', 'acc_a', link('acc_a')));
    await expect(
      store.transact(async (tx) => {
        tx.put('projects', 'p1', projectRecord('p1'));
        tx.put('slackLinks', 'acc_b', link('acc_b'));
      }),
    ).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    expect(await store.view((view) => view.get('slackLinks', 'acc_b'))).toBeNull();
    expect(await store.view((view) => view.get('projects', 'p1'))).toBeNull();
    // The key is free again once its entry is gone.
    await store.transact(async (tx) => {
      tx.delete('slackLinks', 'acc_a');
      tx.put('slackLinks', 'acc_b', link('acc_b'));
    });
    expect((await store.view((view) => view.find('slackLinks', 'slackUser', 'U1'))).map((found) => found.accountId)).toEqual(['acc_b']);
  });

  it_('moves the change signal on a change, and not on a transaction that changed nothing', async () => {
    const store = await open();
    const first = await store.changeSignal();
    await store.transact(async (tx) => {
      await tx.get('projects', 'nothing');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const unchanged = await store.changeSignal();
    expect(unchanged).toBe(first);
    await store.transact(async (tx) => tx.put('projects', 'p1', projectRecord('p1')));
    expect(await store.changeSignal()).not.toBe(unchanged);
  });

  it_('settles a setting once: the first value wins, later and concurrent ones get it back', async () => {
    const store = await open();
    expect(await store.setting('key_check')).toBeNull();
    const racing = await Promise.all(['first', 'second', 'third'].map((value) => store.settle('key_check', value)));
    expect(new Set(racing).size).toBe(1);
    const winner = racing[0]!;
    expect(await store.settle('key_check', 'later')).toBe(winner);
    expect(await store.setting('key_check')).toBe(winner);
    expect(await store.setting('other')).toBeNull();
    expect(await store.settle('other', 'x')).toBe('x');
  });

  it_('does not move the change signal when a setting is settled already', async () => {
    const store = await open();
    await store.settle('key_check', 'first');
    const before = await store.changeSignal();
    expect(await store.settle('key_check', 'second')).toBe('first');
    expect(await store.changeSignal()).toBe(before);
  });

  it_('serialises transactions on the same entry: 8 concurrent increments all count', async () => {
    const store = await open();
    await store.transact(async (tx) => tx.put('projects', 'hot', { ...projectRecord('hot'), limits: { n: 0 } }));
    await Promise.all(
      Array.from({ length: 8 }, () =>
        store.transact(async (tx) => {
          const project = await tx.get('projects', 'hot');
          project!.limits = { n: project!.limits.n! + 1 };
        }),
      ),
    );
    expect((await store.view((view) => view.get('projects', 'hot')))?.limits.n).toBe(8);
  });

  it_('counts 8 concurrent increments that all start from the same entry read before them (known)', async () => {
    const store = await open();
    await store.transact(async (tx) => tx.put('projects', 'hot', { ...projectRecord('hot'), limits: { n: 0 } }));
    const before = await store.view((view) => view.get('projects', 'hot'));
    await Promise.all(
      Array.from({ length: 8 }, () =>
        store.transact(
          async (tx) => {
            const project = await tx.get('projects', 'hot');
            project!.limits = { n: project!.limits.n! + 1 };
          },
          { known: [{ collection: 'projects', id: 'hot', entry: before }] },
        ),
      ),
    );
    expect((await store.view((view) => view.get('projects', 'hot')))?.limits.n).toBe(8);
  });

  it_('never fails a transaction on entries known before it that changed meanwhile: a work that throws on them runs again', async () => {
    const store = await open();
    await store.transact(async (tx) => tx.put('projects', 'p1', named('p1', 'Open')));
    const before = await store.view((view) => view.get('projects', 'p1'));
    await store.transact(async (tx) => {
      (await tx.get('projects', 'p1'))!.name = 'Reopened';
    });
    // A refusal decided on the entry as it was (a domain error thrown inside the work) is not
    // what the transaction would decide without `known`: it must see the entry as it is now.
    const work = async (tx: StoreTransaction) => {
      const project = await tx.get('projects', 'p1');
      if (project?.name === 'Open') throw new Error('refused on the entry as it was before the transaction');
      return project?.name ?? null;
    };
    await expect(store.transact(work, { known: [{ collection: 'projects', id: 'p1', entry: before }] })).resolves.toBe('Reopened');
    // Unchanged since: the work's own error stands, and the work ran once.
    const now = await store.view((view) => view.get('projects', 'p1'));
    let runs = 0;
    const refuse = async (tx: StoreTransaction) => {
      runs++;
      if ((await tx.get('projects', 'p1'))?.name === 'Reopened') throw new Error('refused on the entry as it is');
    };
    await expect(store.transact(refuse, { known: [{ collection: 'projects', id: 'p1', entry: now }] })).rejects.toThrow('refused on the entry as it is');
    expect(runs).toBe(1);
  });

  it_('runs a transaction from entries read before it (known): as they are at commit, never as they were', async () => {
    const store = await open();
    const throttle = (key: string) => ({ key, failures: 1, lastFailureAt: '2026-01-01T00:00:00.000Z', retryAfter: null, expiresAt: '2026-01-02T00:00:00.000Z' });
    await store.transact(async (tx) => tx.put('projects', 'p1', named('p1', 'A')));
    /** Appends `suffix` to p1's name and files a throttle: returns what it saw of p1 and of the throttle `key`. */
    const rename = (suffix: string, key: string) => async (tx: StoreTransaction) => {
      const [project, found] = await Promise.all([tx.get('projects', 'p1'), tx.get('throttles', key)]);
      if (project) project.name += suffix;
      tx.put('throttles', `${key}-after`, throttle(`${key}-after`));
      return { name: project?.name ?? null, throttle: found?.key ?? null };
    };
    const readBefore = (key: string) =>
      store.view(async (view) => {
        const [project, found] = await Promise.all([view.get('projects', 'p1'), view.get('throttles', key)]);
        return [{ collection: 'projects', id: 'p1', entry: project }, { collection: 'throttles', id: key, entry: found }] as const;
      });
    const nameNow = async () => (await store.view((view) => view.get('projects', 'p1')))?.name ?? null;

    // Unchanged since: used as read.
    expect(await store.transact(rename('B', 'k1'), { known: await readBefore('k1') })).toEqual({ name: 'AB', throttle: null });
    expect(await nameNow()).toBe('AB');

    // Changed, and a missing one created, between the reads and the transaction: the work sees both as they are now.
    const stale = await readBefore('k2');
    await store.transact(async (tx) => {
      (await tx.get('projects', 'p1'))!.name = 'Changed';
      tx.put('throttles', 'k2', throttle('k2'));
    });
    expect(await store.transact(rename('!', 'k2'), { known: stale })).toEqual({ name: 'Changed!', throttle: 'k2' });
    expect(await nameNow()).toBe('Changed!');
    expect(await store.view((view) => view.get('throttles', 'k2-after'))).not.toBeNull();

    // Deleted meanwhile: the work finds none. A work that writes nothing still gets the entries as they are.
    const gone = await readBefore('k3');
    await store.transact(async (tx) => tx.delete('projects', 'p1'));
    expect(await store.transact(async (tx) => (await tx.get('projects', 'p1'))?.name ?? null, { known: gone })).toBeNull();
    expect(await store.transact(rename('?', 'k3'), { known: gone })).toEqual({ name: null, throttle: null });

    // Entries that never were what they claim (not read from the store): the work gets the stored ones.
    await store.transact(async (tx) => tx.put('projects', 'p1', named('p1', 'Stored')));
    const forged = [{ collection: 'projects', id: 'p1', entry: named('p1', 'Forged') }, { collection: 'throttles', id: 'k1', entry: throttle('k1') }] as const;
    expect(await store.transact(rename('.', 'k4'), { known: [...forged, { collection: 'throttles', id: 'k4', entry: null }] })).toEqual({ name: 'Stored.', throttle: null });
    expect(await nameNow()).toBe('Stored.');
  });
});
