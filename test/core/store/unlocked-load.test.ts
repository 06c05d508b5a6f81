import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { tempDataDir } from '../../support/core.ts';
import { addProject, projectIds } from './support.ts';

/**
 * Readers load the store file and its journal without the lock, so another process can write
 * between the two reads. These tests stop a reader right after it read the journal, let a writer
 * run, and then let the reader go on: what it loads must be the store, not a false refusal.
 */
const pause = vi.hoisted(() => ({ file: '', during: null as (() => Promise<void>) | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  /**
   * `call` on `pause.file`, then the writer. The reader looks at a file (stat) before it opens it:
   * a missing file is only looked at, an existing one is paused once opened.
   */
  const pausing =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>, onlyWhenMissing: boolean) =>
    async (...args: A): Promise<R> => {
      const run = pause.during;
      if (run === null || String(args[0]) !== pause.file) return call(...args);
      let result: R;
      try {
        result = await call(...args);
      } catch (error) {
        pause.during = null;
        await run();
        throw error;
      }
      if (!onlyWhenMissing) {
        pause.during = null;
        await run();
      }
      return result;
    };
  const open = pausing(fs.open, false) as typeof fs.open;
  const stat = pausing(fs.stat, true) as typeof fs.stat;
  return { ...fs, open, stat, default: { ...fs, open, stat } };
});

afterEach(() => {
  pause.during = null;
});

describe('a store loaded while another process writes it', () => {
  it('loads a store created between reading its (missing) journal and its store file', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    pause.file = `${file}.journal`;
    pause.during = async () => {
      const writer = await FileStore.open(file);
      await addProject(writer, 'p1');
      await writer.close();
    };

    const reader = await FileStore.open(file);

    expect(await projectIds(reader)).toEqual(['p1']);
  });

  it('loads a store compacted twice between reading its journal and its store file', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    const writer = await FileStore.open(file, { compactJournalAtBytes: 1 });
    await addProject(writer, 'p1');
    pause.file = `${file}.journal`;
    pause.during = async () => {
      // Each change is larger than half the store file, so each is followed by a compaction.
      await addProject(writer, 'p2', 'x'.repeat(4_000));
      await addProject(writer, 'p3', 'x'.repeat(8_000));
    };

    const journalBefore = await readFile(`${file}.journal`, 'utf8');
    const reader = await FileStore.open(file);

    expect(await readFile(`${file}.journal`, 'utf8')).not.toContain(JSON.parse(journalBefore.split('\n')[0]!).id);
    expect(await projectIds(reader)).toEqual(['p1', 'p2', 'p3']);
  });
});
