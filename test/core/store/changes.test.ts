import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountError } from '../../../src/core/errors.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { emptyDocument, type Project, type Token } from '../../../src/core/store/schema.ts';
import { StoreError } from '../../../src/core/store/store-error.ts';
import type { PageQuery, Store, StoreReader } from '../../../src/core/store/store.ts';
import { stored, tempDataDir, testStore } from '../../support/core.ts';
import { projectRecord } from './support.ts';
import { numericIdFor } from './records.ts';

// The declared indexes (src/core/store/indexes.ts) as every store keeps them, through the port:
// projects by member (a project is filed under each member's id) and all projects by name, and
// tokens by hash (unique).

const JOINED = '2025-01-01T00:00:00.000Z';

function projectWith(id: string, name: string, members: readonly string[] = []): Project {
  return { ...projectRecord(id, name), members: Object.fromEntries(members.map((member) => [member, { role: 'guest', joinedAt: JOINED }])) };
}

function tokenRecord(id: string, hash: string): Token {
  return { id, numericId: numericIdFor(id), accountId: 'acc1', description: id, hash, hint: id.slice(-4), createdAt: JOINED, expiresAt: '2026-01-01T00:00:00.000Z', lastUsedAt: null, remindersSent: [] };
}

const idsOf = (entries: readonly { readonly id: string }[]) => entries.map((entry) => entry.id);
const membersUnder = async (reader: StoreReader, member: string) => idsOf(await reader.find('projects', 'member', member)).sort();
const viewMembersUnder = (store: Store, member: string) => store.view((view) => membersUnder(view, member));

async function seed(store: Store, projects: readonly Project[]): Promise<void> {
  await store.transact(async (tx) => {
    for (const project of projects) tx.put('projects', project.id, project);
  });
}

describe('a declared index', () => {
  it('finds entries by key and follows every later put, delete and key change', async () => {
    const store = testStore();
    await seed(store, [projectWith('p1', 'Alpha', ['a1']), projectWith('p2', 'Beta', ['a2'])]);
    expect(await viewMembersUnder(store, 'a1')).toEqual(['p1']);

    await store.transact(async (tx) => {
      const p1 = (await tx.get('projects', 'p1'))!;
      p1.members = { a3: { role: 'admin', joinedAt: JOINED } };
      tx.put('projects', 'p3', projectWith('p3', 'Alpha', ['a1']));
      tx.delete('projects', 'p2');
    });
    expect(await viewMembersUnder(store, 'a1')).toEqual(['p3']);
    expect(await viewMembersUnder(store, 'a3')).toEqual(['p1']);
    expect(await viewMembersUnder(store, 'a2')).toEqual([]);

    // A put that replaces an entry files it under the new entry's keys only.
    await seed(store, [projectWith('p3', 'Alpha', ['a4'])]);
    expect(await viewMembersUnder(store, 'a1')).toEqual([]);
    expect(await viewMembersUnder(store, 'a4')).toEqual(['p3']);
  });

  it('inside a transaction, sees what the transaction itself added, changed in place and deleted', async () => {
    const store = testStore();
    await seed(store, [projectWith('p1', 'Alpha', ['a1']), projectWith('p2', 'Beta', ['a2'])]);
    const seen = await store.transact(async (tx) => {
      tx.put('projects', 'p3', projectWith('p3', 'Gamma', ['a1']));
      const p1 = (await tx.get('projects', 'p1'))!;
      delete p1.members.a1;
      p1.members.a9 = { role: 'guest', joinedAt: JOINED };
      tx.delete('projects', 'p2');
      // Changed in place after it was put: still the transaction's entry.
      const p4 = projectWith('p4', 'Delta', ['a5']);
      tx.put('projects', 'p4', p4);
      p4.members.a6 = { role: 'guest', joinedAt: JOINED };
      return {
        a1: await membersUnder(tx, 'a1'),
        a9: await membersUnder(tx, 'a9'),
        a2: await membersUnder(tx, 'a2'),
        a6: await membersUnder(tx, 'a6'),
        p2: await tx.get('projects', 'p2'),
        paged: idsOf((await tx.page('projects', 'member', { key: ['a1', 'a9'], limit: 10 })).items),
      };
    });
    expect(seen).toEqual({ a1: ['p3'], a9: ['p1'], a2: [], a6: ['p4'], p2: null, paged: ['p1', 'p3'] });
    // And what it saw is what it committed.
    expect(await viewMembersUnder(store, 'a1')).toEqual(['p3']);
    expect(await viewMembersUnder(store, 'a9')).toEqual(['p1']);
    expect(await viewMembersUnder(store, 'a2')).toEqual([]);
    expect(await viewMembersUnder(store, 'a6')).toEqual(['p4']);
  });

  it('gives every entry that shares a key', async () => {
    const store = testStore();
    await seed(store, [projectWith('p1', 'Same', ['a1']), projectWith('p2', 'Same', ['a1'])]);
    expect(await viewMembersUnder(store, 'a1')).toEqual(['p1', 'p2']);
  });

  it('pages through entries inside a transaction, changes a few in place, and only those are written', async () => {
    const store = testStore();
    await seed(
      store,
      Array.from({ length: 5 }, (_, i) => projectRecord(`p${i}`, i % 2 === 0 ? 'Even' : 'Odd')),
    );
    const untouched = await stored(store, 'projects', 'p0');
    const namesById = (projects: readonly { readonly id: string; readonly name: string }[]) =>
      [...projects].sort((a, b) => (a.id < b.id ? -1 : 1)).map((project) => project.name);

    await store.transact(async (tx) => {
      const { items } = await tx.page('projects', 'all', { key: ALL, limit: 10 });
      expect(idsOf(items).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
      for (const project of items) if (project.name === 'Odd') project.name = 'Renamed';
      // What the change did is visible to a later read in the same transaction.
      expect(namesById((await tx.page('projects', 'all', { key: ALL, limit: 10 })).items)).toEqual(['Even', 'Renamed', 'Even', 'Renamed', 'Even']);
    });

    // An entry the transaction read but did not change is not written again.
    expect(await stored(store, 'projects', 'p0')).toBe(untouched);
    const after = await store.view(async (view) => (await view.page('projects', 'all', { key: ALL, limit: 10 })).items);
    expect(namesById(after)).toEqual(['Even', 'Renamed', 'Even', 'Renamed', 'Even']);
  });
});

describe('an index over a store opened on existing data', () => {
  it('finds the entries the memory store started with, and what later changes file there', async () => {
    const store = new MemoryStore({ ...emptyDocument(), projects: { p1: projectWith('p1', 'Alpha', ['a1']) } });
    expect(await viewMembersUnder(store, 'a1')).toEqual(['p1']);
    await seed(store, [projectWith('p2', 'Beta', ['a1'])]);
    expect(await viewMembersUnder(store, 'a1')).toEqual(['p1', 'p2']);
  });

  it('finds what another file store wrote, both on load and as it catches up', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    const writer = await FileStore.open(file);
    await seed(writer, [projectWith('p1', 'Alpha', ['a1'])]);
    const reader = await FileStore.open(file);
    expect(await viewMembersUnder(reader, 'a1')).toEqual(['p1']);

    await seed(writer, [projectWith('p2', 'Beta', ['a1'])]);
    await writer.transact(async (tx) => {
      delete (await tx.get('projects', 'p1'))!.members.a1;
    });
    expect(await viewMembersUnder(reader, 'a1')).toEqual(['p2']);
  });
});

describe('a page over a declared index', () => {
  // By name, then by id: p2 and p5 share a name.
  const PROJECTS = [projectWith('p1', 'Delta'), projectWith('p2', 'Alpha'), projectWith('p3', 'Charlie'), projectWith('p4', 'Bravo'), projectWith('p5', 'Alpha')];

  async function seeded(): Promise<Store> {
    const store = testStore();
    await seed(store, PROJECTS);
    return store;
  }

  const page = (store: Store, query: Omit<PageQuery, 'key'>) =>
    store.view(async (view) => {
      const result = await view.page('projects', 'all', { key: ALL, ...query });
      return { ids: idsOf(result.items), next: result.next };
    });

  it('orders by the sort value, then by id, and pages on with the cursor until next is null', async () => {
    const store = await seeded();
    const first = await page(store, { limit: 2 });
    expect(first.ids).toEqual(['p2', 'p5']);
    expect(first.next).not.toBeNull();
    const second = await page(store, { limit: 2, after: first.next });
    expect(second.ids).toEqual(['p4', 'p3']);
    const third = await page(store, { limit: 2, after: second.next });
    expect(third).toEqual({ ids: ['p1'], next: null });
  });

  it('has no next when a page holds exactly the rest', async () => {
    const store = await seeded();
    expect(await page(store, { limit: 5 })).toEqual({ ids: ['p2', 'p5', 'p4', 'p3', 'p1'], next: null });
  });

  it('orders descending', async () => {
    const store = await seeded();
    const first = await page(store, { order: 'desc', limit: 3 });
    expect(first.ids).toEqual(['p1', 'p3', 'p4']);
    expect(await page(store, { order: 'desc', limit: 3, after: first.next })).toEqual({ ids: ['p5', 'p2'], next: null });
  });

  it('keeps only entries whose sort value is at least `from` and below `before`', async () => {
    const store = await seeded();
    expect(await page(store, { limit: 10, from: 'Bravo', before: 'Delta' })).toEqual({ ids: ['p4', 'p3'], next: null });
    expect((await page(store, { limit: 10, from: 'Charlie' })).ids).toEqual(['p3', 'p1']);
    expect((await page(store, { limit: 10, before: 'Bravo' })).ids).toEqual(['p2', 'p5']);
  });

  it('continues after the cursor even when entries before it changed meanwhile', async () => {
    const store = await seeded();
    const first = await page(store, { limit: 2 });
    await store.transact(async (tx) => {
      tx.delete('projects', 'p2');
      tx.delete('projects', 'p5');
      tx.put('projects', 'p0', projectWith('p0', 'Aardvark'));
    });
    expect(await page(store, { limit: 10, after: first.next })).toEqual({ ids: ['p4', 'p3', 'p1'], next: null });
  });

  it('over several keys, gives each entry once', async () => {
    const store = testStore();
    await seed(store, [projectWith('p1', 'Alpha', ['a1', 'a2']), projectWith('p2', 'Beta', ['a2']), projectWith('p3', 'Gamma', ['a3'])]);
    const ids = await store.view(async (view) => idsOf((await view.page('projects', 'member', { key: ['a1', 'a2'], limit: 10 })).items));
    expect(ids).toEqual(['p1', 'p2']);
  });

  it('refuses a forged cursor as INVALID_INPUT, in a view and in a transaction', async () => {
    const store = await seeded();
    const wrongShape = Buffer.from(JSON.stringify([1, 2]), 'utf8').toString('base64url');
    for (const after of ['not-a-cursor', wrongShape]) {
      const inView = await page(store, { limit: 2, after }).catch((error: unknown) => error);
      expect(inView).toBeInstanceOf(AccountError);
      expect(inView).toMatchObject({ code: 'INVALID_INPUT' });
      const inTransaction = await store.transact((tx) => tx.page('projects', 'all', { key: ALL, limit: 2, after })).catch((error: unknown) => error);
      expect(inTransaction).toBeInstanceOf(AccountError);
      expect(inTransaction).toMatchObject({ code: 'INVALID_INPUT' });
    }
  });
});

describe('a unique index (tokens by hash)', () => {
  it('refuses a second entry under a key with STORE_CONFLICT, and writes nothing of the transaction', async () => {
    const store = testStore();
    await store.transact(async (tx) => {
      tx.put('tokens', 't1', tokenRecord('t1', 'h1'));
    });
    const signal = await store.changeSignal();

    const refused = await store
      .transact(async (tx) => {
        tx.put('projects', 'px', projectRecord('px'));
        tx.put('tokens', 't2', tokenRecord('t2', 'h1'));
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({ code: 'STORE_CONFLICT' });

    expect(await stored(store, 'tokens', 't2')).toBeNull();
    expect(await stored(store, 'projects', 'px')).toBeNull();
    expect(await store.view(async (view) => idsOf(await view.find('tokens', 'hash', 'h1')))).toEqual(['t1']);
    expect(await store.changeSignal()).toBe(signal);
  });

  it('refuses an entry changed in place onto a key another entry holds', async () => {
    const store = testStore();
    await store.transact(async (tx) => {
      tx.put('tokens', 't1', tokenRecord('t1', 'h1'));
      tx.put('tokens', 't2', tokenRecord('t2', 'h2'));
    });
    const refused = await store
      .transact(async (tx) => {
        (await tx.get('tokens', 't2'))!.hash = 'h1';
      })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'STORE_CONFLICT' });
    expect((await stored(store, 'tokens', 't2'))?.hash).toBe('h2');
  });

  it('lets a key pass from one entry to another in one transaction', async () => {
    const store = testStore();
    await store.transact(async (tx) => {
      tx.put('tokens', 't1', tokenRecord('t1', 'h1'));
    });
    await store.transact(async (tx) => {
      tx.delete('tokens', 't1');
      tx.put('tokens', 't3', tokenRecord('t3', 'h1'));
    });
    expect(await store.view(async (view) => idsOf(await view.find('tokens', 'hash', 'h1')))).toEqual(['t3']);
  });
});
