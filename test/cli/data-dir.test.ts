import { spawn } from 'node:child_process';
import { chmod, chown, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../src/cli/context.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { fastTestHasher, openCore } from '../../src/core/index.ts';
import { BIN, runCli, type CliResult } from '../support/cli.ts';
import { PASSWORD, tempDataDir } from '../support/core.ts';

describe('choosing the data directory', () => {
  it('prefers --data, then KBC_ACCOUNT_DATA, then ./data', () => {
    expect(resolveDataDir('/srv/a', { KBC_ACCOUNT_DATA: '/srv/b' })).toBe('/srv/a');
    expect(resolveDataDir(undefined, { KBC_ACCOUNT_DATA: '/srv/b' })).toBe('/srv/b');
    expect(resolveDataDir(undefined, {})).toBe(resolve('data'));
  });

  it('treats a blank KBC_ACCOUNT_DATA as unset instead of the current directory', () => {
    expect(resolveDataDir(undefined, { KBC_ACCOUNT_DATA: '' })).toBe(resolve('data'));
    expect(resolveDataDir(undefined, { KBC_ACCOUNT_DATA: '   ' })).toBe(resolve('data'));
  });

  it('refuses a blank --data as a usage error', () => {
    expect(() => resolveDataDir('', {})).toThrow(UsageError);
    expect(() => resolveDataDir(' ', {})).toThrow('--data needs a directory');
  });
});

const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;

/** Runs the CLI as another user than root, who is exempt from file modes (see the read-only test). */
function runCliAs(user: { uid: number; gid: number }, args: readonly string[]): Promise<CliResult> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'], ...user });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const oneLine = (text: string) => text.trimEnd().split('\n');

describe('the data directory on the command line', () => {
  it('refuses a --data that is a file in one line, exit 1, without a stack trace', async () => {
    const file = join(await tempDataDir(), 'kbc-account.json');
    await writeFile(file, '{}');
    const result = await runCli(['--data', file, 'admin', 'account', 'list']);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toEqual([`error: the data directory ${file} is a file, not a directory: name a directory (a new one is created)`]);
    expect(await readFile(file, 'utf8')).toBe('{}');
  }, 30_000);

  it('says in one line on stderr that it created a new, empty store, and only the first time', async () => {
    const dataDir = join(await tempDataDir(), 'mistyped');
    const first = await runCli(['--data', dataDir, 'admin', 'account', 'list']);
    expect(first.code, first.stderr).toBe(0);
    expect(oneLine(first.stderr)).toEqual([`kbc-account: created a new, empty store in ${dataDir} (there was no data directory there)`]);
    const second = await runCli(['--data', dataDir, 'admin', 'account', 'list']);
    expect(second.stderr).toBe('');
  }, 30_000);

  it('refuses a deleted secret.key instead of making a new one, and a too-open one with the chmod fix', async () => {
    const dataDir = await tempDataDir();
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    await core.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    await core.close();
    const keyFile = join(dataDir, 'secret.key');
    const key = await readFile(keyFile, 'utf8');

    await chmod(keyFile, 0o644);
    const tooOpen = await runCli(['--data', dataDir, 'admin', 'account', 'list']);
    expect(tooOpen.code).toBe(1);
    expect(oneLine(tooOpen.stderr)).toHaveLength(1);
    expect(tooOpen.stderr).toContain(`chmod 600 ${keyFile}`);

    await rm(keyFile);
    const missing = await runCli(['--data', dataDir, 'admin', 'account', 'list']);
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: no secret key: .*fingerprint [0-9a-f]{16}.*backup/);
    expect(await readdir(dataDir)).not.toContain('secret.key');

    await writeFile(keyFile, key, { mode: 0o600 });
    expect((await runCli(['--data', dataDir, 'admin', 'account', 'list'])).code).toBe(0);
  }, 60_000);

  it.skipIf(asNobody === null)('keeps a read-only data directory read-only: reads work, a refused write says why in one line', async () => {
    const user = asNobody!;
    const parent = await tempDataDir();
    await chmod(parent, 0o755);
    const dataDir = join(parent, 'data');
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    await core.projects.create({ name: 'Sales' });
    await core.close();
    for (const name of [dataDir, ...(await readdir(dataDir)).map((file) => join(dataDir, file))]) await chown(name, user.uid, user.gid);
    for (const file of await readdir(dataDir)) await chmod(join(dataDir, file), 0o400);
    await chmod(dataDir, 0o500);

    const listed = await runCliAs(user, ['--data', dataDir, 'admin', 'project', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).items).toMatchObject([{ name: 'Sales' }]);
    const refused = await runCliAs(user, ['--data', dataDir, 'admin', 'project', 'create', '--name', 'Ops']);
    expect(refused.code).toBe(1);
    expect(oneLine(refused.stderr)).toHaveLength(1);
    expect(refused.stderr).toContain('permission denied');
    expect((await stat(dataDir)).mode & 0o777).toBe(0o500);
    expect((await stat(join(dataDir, 'kbc-account.json'))).mode & 0o777).toBe(0o400);
  }, 60_000);
});
