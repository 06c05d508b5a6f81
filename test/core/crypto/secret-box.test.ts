import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, createSecretBox } from '../../../src/core/index.ts';
import { loadSecretKey, parseSecretKey, SECRET_KEY_FILE } from '../../../src/core/crypto/secret-box.ts';
import { TEST_SECRET_KEY, TEST_SECRET_KEY_HEX, fileCore, tempDataDir } from '../../support/core.ts';

const execFileAsync = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('./fixtures/load-key.ts', import.meta.url));

/** Starts a loader process; `ready` resolves once it waits for the start file. */
function startLoader(dataDir: string, startFile: string): { ready: Promise<void>; key: Promise<string> } {
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const key = new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, startFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) markReady();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.replace('ready\n', '')) : reject(new Error(`loader exited ${code}: ${err}`))));
  });
  return { ready, key };
}

describe('secret box (AES-256-GCM)', () => {
  it('seals and opens; every seal differs (random IV) and hides the plain text', () => {
    const box = createSecretBox(TEST_SECRET_KEY);
    const a = box.seal('JBSWY3DPEHPK3PXP');
    const b = box.seal('JBSWY3DPEHPK3PXP');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(a)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses an altered value and a wrong key with a clear error', () => {
    const box = createSecretBox(TEST_SECRET_KEY);
    const sealed = box.seal('secret');
    const [v, iv, tag, body] = sealed.split(':') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow(/does not open with this key/);
    expect(() => createSecretBox(Buffer.alloc(32, 1)).open(sealed)).toThrow(/does not open with this key/);
    expect(() => box.open('garbage')).toThrow(/not a sealed secret/);
  });

  it('keys code verifiers: the same code gives the same MAC under one key, another under another key', () => {
    const one = createSecretBox(TEST_SECRET_KEY);
    expect(one.mac('abcde')).toBe(one.mac('abcde'));
    expect(one.mac('abcde')).not.toBe(one.mac('abcdf'));
    expect(createSecretBox(Buffer.alloc(32, 1)).mac('abcde')).not.toBe(one.mac('abcde'));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('loading the secret key', () => {
  it('takes KBC_ACCOUNT_SECRET_KEY as hex or base64 and then writes no key file', async () => {
    const dir = await tempDataDir();
    expect(await loadSecretKey(dir, { KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY_HEX })).toEqual(TEST_SECRET_KEY);
    expect(await loadSecretKey(dir, { KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY.toString('base64') })).toEqual(TEST_SECRET_KEY);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a malformed KBC_ACCOUNT_SECRET_KEY, naming the variable', async () => {
    const dir = await tempDataDir();
    await expect(loadSecretKey(dir, { KBC_ACCOUNT_SECRET_KEY: 'abc' })).rejects.toThrow(/KBC_ACCOUNT_SECRET_KEY must be 32 bytes/);
    await expect(loadSecretKey(dir, { KBC_ACCOUNT_SECRET_KEY: 'abc' })).rejects.toBeInstanceOf(ConfigError);
    expect(() => parseSecretKey('00'.repeat(31))).toThrow(/32 bytes/);
  });

  it('otherwise creates secret.key with mode 0600 on first use and reuses it afterwards', async () => {
    const dir = await tempDataDir();
    const first = await loadSecretKey(dir, {});
    expect(first).toHaveLength(32);
    const file = join(dir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadSecretKey(dir, {})).toEqual(first);
    expect(await readdir(dir)).toEqual([SECRET_KEY_FILE]);
  });

  it('names the key file when it is corrupt', async () => {
    const dir = await tempDataDir();
    await writeFile(join(dir, SECRET_KEY_FILE), 'not a key\n', { mode: 0o600 });
    await expect(loadSecretKey(dir, {})).rejects.toThrow(/secret\.key does not hold a 32-byte key/);
    await expect(loadSecretKey(dir, {})).rejects.toBeInstanceOf(ConfigError);
  });

  it('refuses a key file that others may read or write, as ssh does, with the chmod fix, and leaves its mode alone', async () => {
    for (const mode of [0o640, 0o604, 0o644, 0o620]) {
      const dir = await tempDataDir();
      const file = join(dir, SECRET_KEY_FILE);
      await writeFile(file, `${TEST_SECRET_KEY_HEX}\n`);
      await chmod(file, mode);
      const error = await loadSecretKey(dir, {}).catch((caught: unknown) => caught as Error);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`permissions 0${mode.toString(8)}`);
      expect((error as Error).message).toContain(`chmod 600 ${file}`);
      expect((error as Error).message).not.toContain(TEST_SECRET_KEY_HEX);
      expect((await stat(file)).mode & 0o777).toBe(mode);
    }
  });

  it('accepts a key file its owner made read-only (0400)', async () => {
    const dir = await tempDataDir();
    await writeFile(join(dir, SECRET_KEY_FILE), `${TEST_SECRET_KEY_HEX}\n`, { mode: 0o400 });
    expect(await loadSecretKey(dir, {})).toEqual(TEST_SECRET_KEY);
    expect((await stat(join(dir, SECRET_KEY_FILE))).mode & 0o777).toBe(0o400);
  });

  it('refuses a key file that is a symbolic link (to a key or dangling), a directory or a FIFO, without hanging or creating one', async () => {
    const elsewhere = join(await tempDataDir(), 'key');
    await writeFile(elsewhere, `${TEST_SECRET_KEY_HEX}\n`, { mode: 0o600 });
    const cases: [string, (file: string) => Promise<unknown>, RegExp][] = [
      ['a link to a key', (file) => symlink(elsewhere, file), /is a symbolic link/],
      ['a dangling link', (file) => symlink(join(elsewhere, 'missing'), file), /is a symbolic link/],
      ['a directory', (file) => mkdir(file), /is a directory, not a regular file/],
      ['a FIFO', async (file) => execFileAsync('mkfifo', ['-m', '600', file]), /is a FIFO \(named pipe\), not a regular file/],
    ];
    for (const [what, make, message] of cases) {
      const dir = await tempDataDir();
      await make(join(dir, SECRET_KEY_FILE));
      const error = await loadSecretKey(dir, {}).catch((caught: unknown) => caught);
      expect(error, what).toBeInstanceOf(ConfigError);
      expect((error as Error).message, what).toMatch(message);
      expect(await readdir(dir), what).toEqual([SECRET_KEY_FILE]);
    }
  });

  it('ends with one key when many loaders in one process race to create it', async () => {
    const dir = await tempDataDir();
    const keys = await Promise.all(Array.from({ length: 12 }, () => loadSecretKey(dir, {})));
    expect(new Set(keys.map((key) => key.toString('hex'))).size).toBe(1);
    expect(await readdir(dir)).toEqual([SECRET_KEY_FILE]);
  });

  it('ends with one key when separate processes race to create it', async () => {
    const dir = await tempDataDir();
    const startFile = join(await tempDataDir(), 'go');
    const loaders = Array.from({ length: 3 }, () => startLoader(dir, startFile));
    await Promise.all(loaders.map((loader) => loader.ready));
    await writeFile(startFile, '');
    const keys = await Promise.all(loaders.map((loader) => loader.key));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect((await readFile(join(dir, SECRET_KEY_FILE), 'utf8')).trim()).toBe(keys[0]);
    expect(await readdir(dir)).toEqual([SECRET_KEY_FILE]);
  });

  it('is what a file-store core uses: the data directory holds the key file, 0600', async () => {
    const { dataDir } = await fileCore();
    expect((await stat(join(dataDir, SECRET_KEY_FILE))).mode & 0o777).toBe(0o600);
  });
});
