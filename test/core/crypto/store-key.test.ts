import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, FakeClock, fastTestHasher, openCore, STORE_FILE } from '../../../src/core/index.ts';
import { keyCheckOf, SECRET_KEY_FILE } from '../../../src/core/crypto/secret-box.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { KEY_CHECK } from '../../../src/core/store/settings.ts';
import { PASSWORD, tempDataDir } from '../../support/core.ts';
import { enableMfa } from '../mfa/mfa-helpers.ts';

const OTHER_KEY = Buffer.alloc(32, 9).toString('hex');

const open = (dataDir: string, env: NodeJS.ProcessEnv = {}) => openCore({ dataDir, clock: new FakeClock(), hasher: fastTestHasher(), env });

/** A data directory whose store holds Ann, with MFA on when `mfa`; returns its key as written. */
async function dataDirWithAnn(mfa: boolean): Promise<{ dataDir: string; key: string }> {
  const dataDir = await tempDataDir();
  const clock = new FakeClock();
  const core = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: {} });
  const { id } = await core.accounts.create({ email: 'ann@example.com', password: PASSWORD });
  if (mfa) await enableMfa(core, clock, id);
  await core.close();
  return { dataDir, key: (await readFile(join(dataDir, SECRET_KEY_FILE), 'utf8')).trim() };
}

/** Makes the store look like one from before key checks were recorded. */
async function forgetKeyCheck(dataDir: string): Promise<void> {
  const store = await FileStore.open(join(dataDir, STORE_FILE));
  await store.transact(async (tx) => tx.delete('meta', KEY_CHECK));
  await store.close();
}

const recordedCheck = async (dataDir: string) => (await FileStore.load(join(dataDir, STORE_FILE)))?.meta[KEY_CHECK]?.value ?? null;

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as Error);

describe('the secret key of a data directory', () => {
  it('records the check value of the key the store is sealed with on first use, never the key', async () => {
    const { dataDir, key } = await dataDirWithAnn(false);
    expect(await recordedCheck(dataDir)).toBe(keyCheckOf(Buffer.from(key, 'hex')));
    expect(await readFile(join(dataDir, STORE_FILE), 'utf8')).not.toContain(key);
  });

  it('refuses to make a new key when secret.key was deleted, naming the expected key and how to restore it', async () => {
    const { dataDir, key } = await dataDirWithAnn(false);
    await rm(join(dataDir, SECRET_KEY_FILE));
    const error = await refusal(open(dataDir));
    expect(error).toBeInstanceOf(ConfigError);
    const fingerprint = keyCheckOf(Buffer.from(key, 'hex')).slice(0, 16);
    expect(error!.message).toContain(`fingerprint ${fingerprint}`);
    expect(error!.message).toContain(join(dataDir, SECRET_KEY_FILE));
    expect(error!.message).toContain('KBC_ACCOUNT_SECRET_KEY');
    expect(error!.message).toContain('backup');
    expect(error!.message).not.toContain(key);
    expect(await readdir(dataDir)).not.toContain(SECRET_KEY_FILE);

    await writeFile(join(dataDir, SECRET_KEY_FILE), `${key}\n`, { mode: 0o600 });
    await expect(open(dataDir)).resolves.toBeDefined();
  });

  it('refuses a replaced secret.key and another KBC_ACCOUNT_SECRET_KEY, with both fingerprints', async () => {
    const { dataDir, key } = await dataDirWithAnn(true);
    const expected = keyCheckOf(Buffer.from(key, 'hex')).slice(0, 16);
    const other = keyCheckOf(Buffer.from(OTHER_KEY, 'hex')).slice(0, 16);
    const fromEnv = await refusal(open(dataDir, { KBC_ACCOUNT_SECRET_KEY: OTHER_KEY }));
    expect(fromEnv).toBeInstanceOf(ConfigError);
    expect(fromEnv!.message).toMatch(new RegExp(`^wrong secret key: KBC_ACCOUNT_SECRET_KEY \\(fingerprint ${other}\\).*fingerprint ${expected}`));

    await writeFile(join(dataDir, SECRET_KEY_FILE), `${OTHER_KEY}\n`, { mode: 0o600 });
    const fromFile = await refusal(open(dataDir));
    expect(fromFile).toBeInstanceOf(ConfigError);
    expect(fromFile!.message).toContain(`fingerprint ${expected}`);
    expect(fromFile!.message).not.toContain(OTHER_KEY);
    // The right key in the variable opens it even with the wrong file there.
    await expect(open(dataDir, { KBC_ACCOUNT_SECRET_KEY: key })).resolves.toBeDefined();
  });

  describe('a store from before the key check was recorded', () => {
    it('is refused without its key when it holds MFA secrets, and no key is made', async () => {
      const { dataDir } = await dataDirWithAnn(true);
      await forgetKeyCheck(dataDir);
      await rm(join(dataDir, SECRET_KEY_FILE));
      const error = await refusal(open(dataDir));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error!.message).toMatch(/^no secret key: .*secret\.key is missing/);
      expect(await readdir(dataDir)).not.toContain(SECRET_KEY_FILE);
      expect(await recordedCheck(dataDir)).toBeNull();
    });

    it('is refused with a key that does not open its MFA secrets, and records nothing', async () => {
      const { dataDir } = await dataDirWithAnn(true);
      await forgetKeyCheck(dataDir);
      await writeFile(join(dataDir, SECRET_KEY_FILE), `${OTHER_KEY}\n`, { mode: 0o600 });
      await expect(open(dataDir)).rejects.toThrow(/^wrong secret key: .* does not open the MFA secrets/);
      expect(await recordedCheck(dataDir)).toBeNull();
    });

    it('gets its check recorded once its key opens a sealed secret', async () => {
      const { dataDir, key } = await dataDirWithAnn(true);
      await forgetKeyCheck(dataDir);
      await (await open(dataDir)).close();
      expect(await recordedCheck(dataDir)).toBe(keyCheckOf(Buffer.from(key, 'hex')));
    });

    it('gets a new key when it holds nothing sealed', async () => {
      const { dataDir, key } = await dataDirWithAnn(false);
      await forgetKeyCheck(dataDir);
      await rm(join(dataDir, SECRET_KEY_FILE));
      await (await open(dataDir)).close();
      const made = (await readFile(join(dataDir, SECRET_KEY_FILE), 'utf8')).trim();
      expect(made).not.toBe(key);
      expect(await recordedCheck(dataDir)).toBe(keyCheckOf(Buffer.from(made, 'hex')));
    });
  });
});
