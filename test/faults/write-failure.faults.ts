import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, fastTestHasher, openCore, STORE_FILE, StoreError } from '../../src/core/index.ts';
import { FileStore } from '../../src/core/store/file-store.ts';
import { PASSWORD, tempDataDir } from '../support/core.ts';
import { addProject, isLockHeld, startWorker, STORE_FILES, storeBytes, storedDocument } from '../core/store/support.ts';
import { startFaultWorker } from './support/processes.ts';
import { projectNames } from './support/project-names.ts';
import { recordCounts } from './support/summary.ts';

/**
 * A write that cannot happen must fail with a clear StoreError naming the file, leave the previous
 * bytes in place, and leave the store usable once the cause is gone. Root ignores permission bits,
 * so the causes are made for real: a full tmpfs (ENOSPC), the same tmpfs remounted read-only
 * (EROFS), a writer running as `nobody` (EACCES), and `ulimit -f` (EFBIG after a short write).
 * mount needs CAP_SYS_ADMIN: without it the tmpfs cases are skipped and the run says so.
 */
const TMPFS_SIZE = '256k';
const FILL_CHUNK_BYTES = 4096;
/** A refusal that cannot be cured by waiting must not wait for the lock's ~40 s retry budget. */
const PROMPT_MS = 5_000;
const NOBODY = 65_534;
/** A page (4 KiB) holds a few dozen small journal records: the disk is full long before this. */
const MAX_WRITES_ON_A_FULL_DISK = 500;
const FILE_SIZE_LIMIT_BLOCKS = 256;

let mountPoint: string | null = null;
let mountProblem = '';
const outcomes: Record<string, string> = {};

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch (error) {
    mountProblem = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    return false;
  }
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kbc-account-tmpfs-'));
  if (process.platform === 'linux' && tryMount(dir)) mountPoint = dir;
  else await rm(dir, { recursive: true, force: true });
});

afterAll(async () => {
  if (mountPoint) {
    execFileSync('umount', [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  }
  recordCounts('disk full / permission denied', { ...outcomes, ...(mountPoint === null ? { tmpfs: `unavailable (${mountProblem || 'not Linux'})` } : {}) });
});

/** Writes filler into `dir` until the file system is full; returns the filler's path. */
async function fillUp(dir: string): Promise<string> {
  const filler = join(dir, 'filler');
  const handle = await open(filler, 'w');
  try {
    for (;;) await handle.write(Buffer.alloc(FILL_CHUNK_BYTES, 1));
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    await handle.close();
  }
  return filler;
}

async function refusal(promise: Promise<unknown>): Promise<{ error: StoreError; ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  return { error: error as StoreError, ms: performance.now() - started };
}

describe('a write the file system refuses', () => {
  it('on a full disk (tmpfs, ENOSPC): changes fit until the disk is full, then STORE_WRITE_FAILED naming the file, bytes intact, usable once space is freed', async (context) => {
    if (!mountPoint) return context.skip();
    const dataDir = join(mountPoint, 'full');
    const core = await openCore({ dataDir, clock: new FakeClock(), hasher: fastTestHasher(), env: {} });
    await core.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    const file = join(dataDir, STORE_FILE);

    const filler = await fillUp(mountPoint);
    // A journal record is small: it may still fit in the file's last page. Keep adding until one does not.
    const created: string[] = [];
    let failure: { error: StoreError; before: Buffer } | null = null;
    for (let i = 0; i < MAX_WRITES_ON_A_FULL_DISK && failure === null; i++) {
      const before = await storeBytes(file);
      const name = `Fits ${i}`;
      const outcome = await core.projects.create({ name }).then(
        () => null,
        (caught: unknown) => caught,
      );
      if (outcome === null) created.push(name);
      else failure = { error: outcome as StoreError, before };
    }
    expect(failure, `${MAX_WRITES_ON_A_FULL_DISK} changes fitted on a full disk`).not.toBeNull();
    const { error, before } = failure!;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_WRITE_FAILED');
    expect(error.message).toContain(file);
    expect(error.message).toContain('ENOSPC');
    expect(error.message).toContain('previous data is intact');
    expect((await storeBytes(file)).equals(before)).toBe(true);
    expect((await readdir(dataDir)).sort()).toEqual([...STORE_FILES, 'secret.key']);
    expect((await projectNames(core)).sort()).toEqual(created.slice().sort());

    await rm(filler);
    await core.projects.create({ name: 'Fits now' });
    const doc = await storedDocument(file);
    expect(Object.values(doc.projects).map((project) => project.name).sort()).toEqual([...created, 'Fits now'].sort());
    expect(Object.values(doc.accounts).map((account) => account.email)).toEqual(['ann@example.com']);
    outcomes['ENOSPC'] = `${error.code} after ${created.length} changes still fitted, bytes intact`;
  });

  it('on a read-only file system (EROFS): a StoreError naming the file at once, bytes intact, usable once writable', async (context) => {
    if (!mountPoint) return context.skip();
    const dataDir = join(mountPoint, 'read-only');
    const core = await openCore({ dataDir, clock: new FakeClock(), hasher: fastTestHasher(), env: {} });
    await core.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    const file = join(dataDir, STORE_FILE);
    const before = await storeBytes(file);

    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    let result;
    try {
      result = await refusal(core.projects.create({ name: 'Read-only' }));
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
    // The journal, opened for writing under the lock, is the first thing written: that is what fails.
    expect(['STORE_LOCK_FAILED', 'STORE_WRITE_FAILED']).toContain(result.error.code);
    expect(result.error.message).toContain(file);
    expect(result.error.message).toContain('EROFS');
    expect(result.ms).toBeLessThan(PROMPT_MS);
    expect((await storeBytes(file)).equals(before)).toBe(true);
    await core.projects.create({ name: 'Writable again' });
    expect(await projectNames(core)).toEqual(['Writable again']);
    outcomes['EROFS'] = `${result.error.code} in ${Math.round(result.ms)} ms, bytes intact`;
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() !== 0)(
    'for a writer without permission (EACCES, a process running as nobody): a StoreError naming the file at once, bytes intact',
    async (context) => {
      const dataDir = await tempDataDir();
      await chmod(dataDir, 0o755);
      const file = join(dataDir, STORE_FILE);
      const store = await FileStore.open(file);
      await addProject(store, 'p1');
      await chmod(file, 0o644);
      await chmod(`${file}.journal`, 0o644);
      const before = await storeBytes(file);

      const worker = startFaultWorker('store-write', file, {}, { uid: NOBODY, gid: NOBODY });
      const exit = await worker.exited;
      if (exit.code !== 0 && !worker.lines.some((line) => line.startsWith('{'))) {
        // `nobody` cannot even load the program (a checkout under a private home directory).
        outcomes['EACCES'] = `skipped: nobody cannot run the worker here (${worker.stderr().split('\n').find((line) => line.includes('EACCES')) ?? `exit ${exit.code}`})`;
        return context.skip();
      }
      expect(exit, worker.stderr()).toEqual({ code: 0, signal: null });
      const outcome = JSON.parse(worker.lines.find((line) => line.startsWith('{')) ?? 'null') as { code?: string; message?: string; ms: number };
      expect(['STORE_LOCK_FAILED', 'STORE_WRITE_FAILED']).toContain(outcome.code);
      expect(outcome.message).toContain(file);
      expect(outcome.message).toContain('EACCES');
      expect(outcome.ms).toBeLessThan(PROMPT_MS);
      expect((await storeBytes(file)).equals(before)).toBe(true);
      expect((await readdir(dataDir)).sort()).toEqual([...STORE_FILES]);
      outcomes['EACCES'] = `${outcome.code} in ${outcome.ms} ms, bytes intact`;
    },
  );

  it.skipIf(process.platform === 'win32')('past `ulimit -f` (EFBIG after a short write): STORE_WRITE_FAILED, nothing half-written', async () => {
    const dataDir = await tempDataDir();
    const file = join(dataDir, STORE_FILE);
    const store = await FileStore.open(file);
    await addProject(store, 'p1');
    const worker = startWorker(['write-fail', file], { shellPrefix: `ulimit -f ${FILE_SIZE_LIMIT_BLOCKS}` });
    expect(await worker.exited, worker.stderr()).toEqual({ code: 0, signal: null });
    const report = JSON.parse(worker.lines.find((line) => line.startsWith('{')) ?? 'null') as {
      failure: { code: string; message: string } | null;
      dirtyReads: number;
      afterFailure: string[];
    };
    expect(report.failure?.code).toBe('STORE_WRITE_FAILED');
    expect(report.failure?.message).toContain(file);
    expect(report.dirtyReads).toBe(0);
    expect(report.afterFailure).toEqual(['p1']);
    expect(await isLockHeld(file)).toBe(false);
    outcomes['EFBIG'] = `${report.failure?.code}, no dirty read`;
  });
});
