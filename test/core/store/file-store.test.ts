import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import { stored, tempDataDir } from '../../support/core.ts';
import { addProject, bytesOf, projectIds, projectRecord, startWorker, storeBytes } from './support.ts';

async function openStore(): Promise<{ file: string; store: FileStore }> {
  const file = join(await tempDataDir(), 'kbc-account.json');
  return { file, store: await FileStore.open(file) };
}

describe('FileStore reads', () => {
  it('serves reads from its cached copy while the file is unchanged', async () => {
    const { store } = await openStore();
    await addProject(store, 'p1');
    const signal = await store.changeSignal();
    const first = await stored(store, 'projects', 'p1');
    // Not loaded again: the very entry object the last read gave.
    expect(await stored(store, 'projects', 'p1')).toBe(first);
    expect(await store.changeSignal()).toBe(signal);
    expect(await projectIds(store)).toEqual(['p1']);
  });

  it('sees a write made through another FileStore on the same file', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    const before = await store.changeSignal();

    const other = await FileStore.open(file);
    await addProject(other, 'p2');

    const after = await store.changeSignal();
    expect(after).not.toBe(before);
    expect(await projectIds(store)).toEqual(['p1', 'p2']);
    expect(await store.changeSignal()).toBe(after);
  });

  it('sees a write made by another process', async () => {
    const { file, store } = await openStore();
    const before = await store.changeSignal();

    const worker = startWorker(['add', file, 'child', '3']);
    expect((await worker.exited).code).toBe(0);

    expect(await store.changeSignal()).not.toBe(before);
    expect(await projectIds(store)).toEqual(['child-0', 'child-1', 'child-2']);
  });

  it('builds each transaction on the newest file content, not on its cached copy', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    await projectIds(store);
    const other = await FileStore.open(file);
    await addProject(other, 'p2');

    // No read in between: the transaction itself must notice the other writer.
    await addProject(store, 'p3');
    expect(await projectIds(other)).toEqual(['p1', 'p2', 'p3']);
  });
});

describe('FileStore transactions', () => {
  it('resolves to what the change returns and persists the change', async () => {
    const { file, store } = await openStore();
    const result = await store.transact(async (tx) => {
      tx.put('projects', 'p1', projectRecord('p1'));
      return 'created';
    });
    expect(result).toBe('created');
    const reopened = await FileStore.open(file);
    expect(await projectIds(reopened)).toEqual(['p1']);
  });

  it('writes nothing when the change throws, and the error propagates unchanged', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    const before = await bytesOf(file);
    const boom = new Error('boom');

    await expect(
      store.transact(async (tx) => {
        tx.put('projects', 'p2', projectRecord('p2'));
        tx.delete('projects', 'p1');
        throw boom;
      }),
    ).rejects.toBe(boom);

    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect(await projectIds(store)).toEqual(['p1']);
    await addProject(store, 'p3');
    expect(await projectIds(store)).toEqual(['p1', 'p3']);
  });

  it('refuses a change that leaves an invalid entry and writes nothing', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    const before = await bytesOf(file);

    await expect(
      store.transact(async (tx) => {
        const project = await tx.get('projects', 'p1');
        (project as unknown as Record<string, unknown>).name = 42;
        tx.put('projects', 'p2', projectRecord('p2'));
      }),
    ).rejects.toThrow(/invalid document: projects\.p1\.name/);

    expect((await bytesOf(file)).equals(before)).toBe(true);
    expect((await stored(store, 'projects', 'p1'))?.name).toBe('p1');
  });

  it('keeps the changes a change makes after it awaited, and writes none of them before it resolves', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    const before = await storeBytes(file);
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });

    const committed = store.transact(async (tx) => {
      const project = (await tx.get('projects', 'p1'))!;
      started();
      await resumed;
      // Both after the await: an entry read before it changed in place, and a new one.
      project.name = 'Renamed late';
      tx.put('projects', 'late', projectRecord('late'));
    });
    await running;
    expect((await storeBytes(file)).equals(before)).toBe(true);
    resume();
    await committed;

    const reopened = await FileStore.open(file);
    expect(await projectIds(reopened)).toEqual(['late', 'p1']);
    expect((await stored(reopened, 'projects', 'p1'))?.name).toBe('Renamed late');
  });

  it('does not rewrite the file when a change changes nothing', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    const before = await stat(file);
    const journalBefore = await stat(`${file}.journal`);

    expect(await store.transact(async (tx) => (await tx.page('projects', 'all', { key: ALL, limit: 10 })).items.length)).toBe(1);
    await store.transact(async (tx) => {
      tx.put('projects', 'p1', projectRecord('p1')); // same content, new object
    });

    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    const journalAfter = await stat(`${file}.journal`);
    expect([journalAfter.ino, journalAfter.size, journalAfter.mtimeMs]).toEqual([journalBefore.ino, journalBefore.size, journalBefore.mtimeMs]);
  });

  it('runs the transactions of one process one at a time, each on the result of the one before', async () => {
    const { store } = await openStore();
    await Promise.all(Array.from({ length: 20 }, (_, i) => addProject(store, `p${i}`)));
    expect(await projectIds(store)).toHaveLength(20);
  });
});

describe('FileStore change signal on a settled journal (answered from the directory watch, without a stat)', () => {
  /** Polls `store`'s signal until it differs from `from`; the file event arrives through the event loop. */
  async function signalMovedFrom(store: FileStore, from: string): Promise<string> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const signal = await store.changeSignal();
      if (signal !== from || Date.now() > deadline) return signal;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('moves when another process writes, and when another store compacts the journal', async () => {
    const { file, store } = await openStore();
    await addProject(store, 'p1');
    // Past the racy window (3 s) the journal is settled: an unchanged directory means unchanged data.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    const settled = await store.changeSignal();
    expect(await store.changeSignal()).toBe(settled);

    const worker = startWorker(['add', file, 'child', '2']);
    expect((await worker.exited).code).toBe(0);
    const afterWrite = await signalMovedFrom(store, settled);
    expect(afterWrite).not.toBe(settled);
    expect(await projectIds(store)).toEqual(['child-0', 'child-1', 'p1']);

    await new Promise((resolve) => setTimeout(resolve, 3_200));
    const settledAgain = await store.changeSignal();
    const compacting = await FileStore.open(file, { compactJournalAtBytes: 1 });
    await addProject(compacting, 'p2');
    await compacting.close();
    expect(await signalMovedFrom(store, settledAgain)).not.toBe(settledAgain);
    expect(await projectIds(store)).toEqual(['child-0', 'child-1', 'p1', 'p2']);
    await store.close();
  });
});
