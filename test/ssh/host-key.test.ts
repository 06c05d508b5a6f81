import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/index.ts';
import ssh2 from 'ssh2';
import { generateHostKey, HOST_KEY_ENV, HOST_KEY_FILE, loadHostKey } from '../../src/ssh/index.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbc-host-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `ssh-keygen -lf FILE`'s fingerprint, where OpenSSH is installed (CI installs it). */
function keygenFingerprint(file: string): string {
  return execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(' ')[1]!;
}

describe('the SSH host key', () => {
  it('is generated once (ed25519, 0600) and the same key is read on every later start, with the fingerprint ssh-keygen shows', async () => {
    const first = await loadHostKey(dir, {});
    expect(first).toMatchObject({ type: 'ssh-ed25519', created: true, file: join(dir, HOST_KEY_FILE) });
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    const again = await loadHostKey(dir, {});
    expect(again).toMatchObject({ created: false, fingerprint: first.fingerprint, privateKey: first.privateKey });
    expect(keygenFingerprint(first.file)).toBe(first.fingerprint);
  });

  it('never makes a key that does not read back (ssh2 1.17 writes about 1 in 250 one byte short)', () => {
    for (let index = 0; index < 1_500; index += 1) {
      const parsed = ssh2.utils.parseKey(generateHostKey());
      expect(parsed instanceof Error ? parsed.message : 'ok').toBe('ok');
    }
  });

  it('gives several servers starting at once on one data directory one key', async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadHostKey(dir, {})));
    expect(new Set(keys.map((key) => key.fingerprint)).size).toBe(1);
  });

  it(`uses the file ${HOST_KEY_ENV} names instead, and says when it is missing`, async () => {
    const file = join(dir, 'given_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const key = await loadHostKey(join(dir, 'data'), { [HOST_KEY_ENV]: file });
    expect(key).toMatchObject({ file, created: false, fingerprint: keygenFingerprint(file) });
    await expect(loadHostKey(dir, { [HOST_KEY_ENV]: join(dir, 'missing') })).rejects.toThrow(/does not exist/);
  });

  it('refuses a key others may read, a symbolic link and a file that is not a key, and leaves each as it was', async () => {
    const key = await loadHostKey(dir, {});
    await chmod(key.file, 0o644);
    await expect(loadHostKey(dir, {})).rejects.toThrow(ConfigError);
    await expect(loadHostKey(dir, {})).rejects.toThrow(/permissions 0644, too open.*chmod 600/);
    expect((await stat(key.file)).mode & 0o777).toBe(0o644);

    const link = join(dir, 'link');
    await symlink(key.file, link);
    await expect(loadHostKey(dir, { [HOST_KEY_ENV]: link })).rejects.toThrow(/symbolic link/);

    const junk = join(dir, 'junk');
    await writeFile(junk, 'not a key\n', { mode: 0o600 });
    await expect(loadHostKey(dir, { [HOST_KEY_ENV]: junk })).rejects.toThrow(/not an unencrypted SSH private key/);
    expect(await readFile(junk, 'utf8')).toBe('not a key\n');
  });
});
