import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { tempDataDir } from '../../support/core.ts';
import { addProject, startWorker, STORE_FILES, storedDocument } from './support.ts';

/**
 * A failing write that also fails as root: the worker runs under `ulimit -f` (RLIMIT_FSIZE binds
 * root too) with SIGXFSZ handled, so writing past the limit fails with EFBIG after a short
 * write, exactly as a full disk does. A read-only directory would not stop root.
 * The limit is 256 blocks: 128 KiB in dash, 256 KiB in bash; the worker writes about 4 MiB.
 */
const FILE_SIZE_LIMIT_BLOCKS = 256;

describe('FileStore when the atomic write fails', () => {
  it.skipIf(process.platform === 'win32')(
    'rejects with STORE_WRITE_FAILED, keeps the previous data, shows nothing uncommitted and stays usable',
    async () => {
      const dir = await tempDataDir();
      const file = join(dir, 'kbc-account.json');
      const store = await FileStore.open(file);
      await addProject(store, 'p1');

      const worker = startWorker(['write-fail', file], { shellPrefix: `ulimit -f ${FILE_SIZE_LIMIT_BLOCKS}`, env: { TSX_DISABLE_CACHE: '1' } });
      const exit = await worker.exited;
      expect(exit, worker.stderr()).toEqual({ code: 0, signal: null });
      const report = JSON.parse(worker.lines.find((line) => line.startsWith('{')) ?? 'null') as {
        beforeIds: string[];
        failure: { code: string; message: string } | null;
        dirtyReads: number;
        afterFailure: string[];
        afterRetry: string[];
      };

      expect(report.beforeIds).toEqual(['p1']);
      expect(report.failure?.code).toBe('STORE_WRITE_FAILED');
      expect(report.failure?.message).toContain(file);
      expect(report.dirtyReads).toBe(0);
      expect(report.afterFailure).toEqual(['p1']);
      expect(report.afterRetry.sort()).toEqual(['p1', 'small']);

      const doc = await storedDocument(file);
      expect(Object.keys(doc.projects).sort()).toEqual(['p1', 'small']);
      expect((await readdir(dir)).sort()).toEqual([...STORE_FILES]);
    },
  );
});
