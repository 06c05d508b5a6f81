import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockFile } from '../../../src/core/store/file-lock.ts';
import { tempDataDir } from '../../support/core.ts';
import { FAST_LOCK } from './support.ts';

const TIMINGS = { staleMs: FAST_LOCK.lockStaleMs, updateMs: FAST_LOCK.lockUpdateMs };
/** Far below the ~40 s the retries of a held lock may take. */
const PROMPT_MS = 2_000;

describe('the cross-process lock', () => {
  it('reports a lock directory that cannot be created at once, instead of retrying for ~40 s', async () => {
    // Root ignores permission bits; a path under a regular file fails the same way for everyone (ENOTDIR).
    const notADirectory = join(await tempDataDir(), 'plain-file');
    await writeFile(notADirectory, '');
    const started = performance.now();
    await expect(lockFile(join(notADirectory, 'kbc-account.json'), TIMINGS)).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(performance.now() - started).toBeLessThan(PROMPT_MS);
  });

  it('still waits for a lock another holder releases', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    const first = await lockFile(file, TIMINGS);
    setTimeout(() => void first.release(), 200);
    const started = performance.now();
    const second = await lockFile(file, TIMINGS);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    await second.release();
  });
});
