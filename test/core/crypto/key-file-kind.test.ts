import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/index.ts';
import { loadSecretKey, SECRET_KEY_FILE } from '../../../src/core/crypto/secret-box.ts';
import { TEST_SECRET_KEY, TEST_SECRET_KEY_HEX, tempDataDir } from '../../support/core.ts';

/** Refused within this long: a FIFO that hung the reader would run into the test's timeout instead. */
const PROMPTLY_MS = 10_000;

async function refusal(dataDir: string): Promise<ConfigError> {
  const error = await loadSecretKey(dataDir, {}).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('a secret.key that is not a regular file', () => {
  it('refuses a link to nothing with a message naming it, and creates no key in its place', async () => {
    const dir = await tempDataDir();
    await symlink(join(dir, 'elsewhere', 'secret.key'), join(dir, SECRET_KEY_FILE));

    const error = await refusal(dir);
    expect(error.message).toContain(`${join(dir, SECRET_KEY_FILE)} is a symbolic link to`);
    expect(error.message).toContain('does not exist');
  });

  it('refuses a link to /dev/zero without reading it, and a FIFO without waiting for a writer', async () => {
    const linked = await tempDataDir();
    await symlink('/dev/zero', join(linked, SECRET_KEY_FILE));
    expect((await refusal(linked)).message).toContain('is a character device, not a regular file');

    const fifo = await tempDataDir();
    execFileSync('mkfifo', [join(fifo, SECRET_KEY_FILE)]);
    expect((await refusal(fifo)).message).toContain('is a FIFO (named pipe), not a regular file');
  }, PROMPTLY_MS);

  it('refuses a file far larger than a key', async () => {
    const dir = await tempDataDir();
    await writeFile(join(dir, SECRET_KEY_FILE), `${TEST_SECRET_KEY_HEX}\n${'#'.repeat(10_000)}`, { mode: 0o600 });
    expect((await refusal(dir)).message).toContain('is not a key file');
  });

  it('reads a key through a link to a regular file', async () => {
    const dir = await tempDataDir();
    await writeFile(join(dir, 'kept.key'), `${TEST_SECRET_KEY_HEX}\n`, { mode: 0o600 });
    await symlink(join(dir, 'kept.key'), join(dir, SECRET_KEY_FILE));
    expect((await loadSecretKey(dir, {})).equals(TEST_SECRET_KEY)).toBe(true);
  });
});
