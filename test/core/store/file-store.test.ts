import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import type { Document } from '../../../src/core/store/schema.ts';
import { tempDataDir } from '../../support/core.ts';
import { bytesOf, projectRecord, startWorker } from './support.ts';

async function openStore(): Promise<{ file: string; store: FileStore }> {
  const file = join(await tempDataDir(), 'kbc-account.json');
  return { file, store: await FileStore.open(file) };
}

const addProject = (id: string) => (doc: Document) => {
  doc.projects[id] = projectRecord(id);
};

describe('FileStore reads', () => {
  it('returns the same cached snapshot while the file is unchanged', async () => {
    const { store } = await openStore();
    await store.transact(addProject('p1'));
    const first = await store.read();
    expect(await store.read()).toBe(first);
    expect(Object.keys(first.projects)).toEqual(['p1']);
  });

  it('sees a write made through another FileStore on the same file', async () => {
    const { file, store } = await openStore();
    await store.transact(addProject('p1'));
    const before = await store.read();

    const other = await FileStore.open(file);
    await other.transact(addProject('p2'));

    const after = await store.read();
    expect(after).not.toBe(before);
    expect(Object.keys(after.projects).sort()).toEqual(['p1', 'p2']);
    expect(await store.read()).toBe(after);
  });

  it('sees a write made by another process', async () => {
    const { file, store } = await openStore();
    const before = await store.read();

    const worker = startWorker(['add', file, 'child', '3']);
    expect((await worker.exited).code).toBe(0);

    const after = await store.read();
    expect(after).not.toBe(before);
    expect(Object.keys(after.projects).sort()).toEqual(['child-0', 'child-1', 'child-2']);
  });

  it('builds each transaction on the newest file content, not on its cached copy', async () => {
    const { file, store } = await openStore();
    await store.transact(addProject('p1'));
    await store.read();
    const other = await FileStore.open(file);
    await other.transact(addProject('p2'));

    // No read in between: the transaction itself must notice the other writer.
    await store.transact(addProject('p3'));
    expect(Object.keys((await other.read()).projects).sort()).toEqual(['p1', 'p2', 'p3']);
  });
});

describe('FileStore transactions', () => {
  it('resolves to what the change returns and persists the change', async () => {
    const { file, store } = await openStore();
    const result = await store.transact((doc) => {
      addProject('p1')(doc);
      return 'created';
    });
    expect(result).toBe('created');
    const reopened = await FileStore.open(file);
    expect(Object.keys((await reopened.read()).projects)).toEqual(['p1']);
  });

  it('writes nothing when the change throws, and the error propagates unchanged', async () => {
    const { file, store } = await openStore();
    await store.transact(addProject('p1'));
    const before = await bytesOf(file);
    const boom = new Error('boom');

    await expect(
      store.transact((doc) => {
        addProject('p2')(doc);
        delete doc.projects.p1;
        throw boom;
      }),
    ).rejects.toBe(boom);

    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect(Object.keys((await store.read()).projects)).toEqual(['p1']);
    await store.transact(addProject('p3'));
    expect(Object.keys((await store.read()).projects).sort()).toEqual(['p1', 'p3']);
  });

  it('refuses a change that leaves an invalid document and writes nothing', async () => {
    const { file, store } = await openStore();
    await store.transact(addProject('p1'));
    const before = await bytesOf(file);

    await expect(
      store.transact((doc) => {
        (doc.projects.p1 as unknown as Record<string, unknown>).name = 42;
        addProject('p2')(doc);
      }),
    ).rejects.toThrow(/invalid document: projects\.p1\.name/);

    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect((await store.read()).projects.p1?.name).toBe('p1');
  });

  it('refuses an async change before it could lose its later mutations', async () => {
    const { file, store } = await openStore();
    const before = await bytesOf(file);
    await expect(store.transact(async (doc) => addProject('late')(doc))).rejects.toThrow(/must be synchronous/);
    expect((await bytesOf(file)).equals(before)).toBe(true);
  });

  it('does not rewrite the file when a change changes nothing', async () => {
    const { file, store } = await openStore();
    await store.transact(addProject('p1'));
    const before = await stat(file);

    expect(await store.transact((doc) => Object.keys(doc.projects).length)).toBe(1);
    await store.transact((doc) => {
      doc.projects.p1 = projectRecord('p1'); // same content, new object
    });

    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('runs the transactions of one process one at a time, each on the result of the one before', async () => {
    const { store } = await openStore();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.transact(addProject(`p${i}`))));
    expect(Object.keys((await store.read()).projects)).toHaveLength(20);
  });
});
