import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLockHeld, lockFile } from '../../../src/core/store/file-lock.ts';
import { tempDataDir } from '../../support/core.ts';
import { LOCK_BACK_WITHIN_MS, ROOT } from './support.ts';

/** Far below the 60 s a writer waits for a live holder. */
const PROMPT_MS = 2_000;

/** A child process that takes the lock on `file`, prints `locked`, and holds it until killed. */
function holderProcess(file: string) {
  const script = `import { lockFile } from './src/core/store/file-lock.ts'; await lockFile(${JSON.stringify(file)}); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, locked, exited };
}

describe('the cross-process lock', () => {
  it('reports a lock that cannot be named at once, instead of waiting', async () => {
    // Root ignores permission bits; a path under a regular file fails the same way for everyone (ENOTDIR).
    const notADirectory = join(await tempDataDir(), 'plain-file');
    await writeFile(notADirectory, '');
    const started = performance.now();
    await expect(lockFile(join(notADirectory, 'kbc-account.json'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(performance.now() - started).toBeLessThan(PROMPT_MS);
  });

  it('still waits for a lock another holder releases', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    const first = await lockFile(file);
    setTimeout(() => void first.release(), 200);
    const started = performance.now();
    const second = await lockFile(file);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    await second.release();
  });

  it('is one lock for every path to the same file', async () => {
    const dir = await tempDataDir();
    const lock = await lockFile(join(dir, 'kbc-account.json'));
    expect(await isLockHeld(join(dir, '.', '..', dir.split('/').at(-1)!, 'kbc-account.json'))).toBe(true);
    expect(await isLockHeld(join(dir, 'other.json'))).toBe(false);
    await lock.release();
    expect(await isLockHeld(join(dir, 'kbc-account.json'))).toBe(false);
  });

  it('stays with a stopped holder however long it is stopped, and is free the moment the holder is killed', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    const holder = holderProcess(file);
    await holder.locked;
    holder.child.kill('SIGSTOP');
    try {
      // A lock directory with a stale time was taken over here, and the paused holder later wrote over the new one's records.
      await expect(lockFile(file, { waitMs: 2_500 })).rejects.toMatchObject({ code: 'ELOCKED' });
      expect(await isLockHeld(file)).toBe(true);
    } finally {
      holder.child.kill('SIGKILL');
    }
    await holder.exited;
    const started = performance.now();
    const lock = await lockFile(file);
    expect(performance.now() - started).toBeLessThan(LOCK_BACK_WITHIN_MS);
    await lock.release();
  });
});
