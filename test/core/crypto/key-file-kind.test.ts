import { execFileSync } from 'node:child_process';
import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/index.ts';
import { loadSecretKey, SECRET_KEY_FILE } from '../../../src/core/crypto/secret-box.ts';
import { TEST_SECRET_KEY_HEX, tempDataDir } from '../../support/core.ts';

// The key file is opened without following links (as ssh treats private keys): a link is refused
// whatever it points to, so a link to /dev/zero is never read. See also secret-box.test.ts.

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
    expect(error.message).toContain(`${join(dir, SECRET_KEY_FILE)} is a symbolic link`);
    await expect(readdir(dir)).resolves.toEqual([SECRET_KEY_FILE]);
  });

  it('refuses a link to /dev/zero without reading it, and a FIFO without waiting for a writer', async () => {
    const linked = await tempDataDir();
    await symlink('/dev/zero', join(linked, SECRET_KEY_FILE));
    expect((await refusal(linked)).message).toContain('is a symbolic link');

    const fifo = await tempDataDir();
    execFileSync('mkfifo', [join(fifo, SECRET_KEY_FILE)]);
    expect((await refusal(fifo)).message).toMatch(/not a regular file/);
  }, PROMPTLY_MS);

  it('refuses a file far larger than a key', async () => {
    const dir = await tempDataDir();
    await writeFile(join(dir, SECRET_KEY_FILE), `${TEST_SECRET_KEY_HEX}\n${'#'.repeat(10_000)}`, { mode: 0o600 });
    expect((await refusal(dir)).message).toContain('does not hold a 32-byte key');
  });

  it('refuses a link even to a regular key file (set KBC_ACCOUNT_SECRET_KEY for a mounted key)', async () => {
    const dir = await tempDataDir();
    await writeFile(join(dir, 'kept.key'), `${TEST_SECRET_KEY_HEX}\n`, { mode: 0o600 });
    await symlink(join(dir, 'kept.key'), join(dir, SECRET_KEY_FILE));
    expect((await refusal(dir)).message).toContain('KBC_ACCOUNT_SECRET_KEY');
    // And nothing was written in its place: the link still points at the key kept beside it.
    expect(await readFile(join(dir, 'kept.key'), 'utf8')).toBe(`${TEST_SECRET_KEY_HEX}\n`);
  });
});
