import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addProject, projectIds } from './records.ts';

/**
 * An append whose fsync fails (EIO): the complete line was in the journal while the disk was
 * asked, so another process could read it. fdatasync is replaced before the store is loaded
 * (file-store.ts binds it when it is imported, so nothing here may import it earlier, not even
 * through the test helpers), and fails only when told to.
 */
const realFdatasync = fs.fdatasync;
let failNext = false;
let whileFailing: () => Promise<void> = async () => undefined;
(fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
  if (!failNext) return realFdatasync(fd, callback);
  failNext = false;
  void whileFailing().then(() => callback(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })));
}) as typeof fs.fdatasync;
syncBuiltinESMExports();
const { FileStore } = await import('../../../src/core/store/file-store.ts');

afterAll(() => {
  (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = realFdatasync;
  syncBuiltinESMExports();
});

describe('an append whose fsync fails', () => {
  it('is refused, and a process that read the line meanwhile drops it and sees the next change', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kbc-account-append-')), 'kbc-account.json');
    const writer = await FileStore.open(file);
    const reader = await FileStore.open(file);
    await addProject(writer, 'p0');
    expect(await projectIds(reader)).toEqual(['p0']);

    let seenMeanwhile: string[] = [];
    whileFailing = async () => {
      seenMeanwhile = await projectIds(reader);
    };
    failNext = true;
    const refused = await addProject(writer, 'phantom').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'STORE_WRITE_FAILED' });
    // The reader did see the line: that is what must not stick.
    expect(seenMeanwhile).toEqual(['p0', 'phantom']);

    // The next change takes the same revision, at the same place in the journal, with the same length.
    await addProject(writer, 'realone');
    expect(await projectIds(reader)).toEqual(['p0', 'realone']);
    expect(Object.keys((await FileStore.load(file))!.projects)).toEqual(['p0', 'realone']);
  });
});
