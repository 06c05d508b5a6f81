import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastTestHasher, openCore } from '../../src/core/index.ts';
import { runCliInProcess } from '../support/cli.ts';
import { PASSWORD, tempDataDir, testDatabaseUrl } from '../support/core.ts';
import { createDatabase } from '../support/postgres-server.ts';

const KEY = randomBytes(32).toString('hex');
const OTHER_KEY = randomBytes(32).toString('hex');

/** An empty database of its own on the run's server (thrown away with the server). */
const emptyDatabase = () => createDatabase(testDatabaseUrl(), `kbc_cli_${process.pid}_${randomBytes(4).toString('hex')}`);

const cli = (url: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string) =>
  runCliInProcess(['--database-url', url, ...args], { env: { KBC_ACCOUNT_SECRET_KEY: KEY, ...env }, ...(input === undefined ? {} : { input }) });

describe.skipIf(!process.env.KBC_TEST_DATABASE_URL)('the operator CLI on PostgreSQL', () => {
  it('refuses a database without the schema, migrates it once, then works; a missing key is named', async () => {
    const url = await emptyDatabase();
    const before = await cli(url, ['admin', 'account', 'list']);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('admin db migrate');

    const migrated = await cli(url, ['admin', 'db', 'migrate', '--json']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ from: 0, to: 6, applied: ['001_entries', '002_slack_user_key', '003_numeric_ids', '004_join_requests', '005_join_request_seconds', '006_expect'] });
    const again = await cli(url, ['admin', 'db', 'migrate', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ from: 6, to: 6, applied: [] });

    const created = await cli(url, ['admin', 'account', 'create', '--email', 'ann@example.com', '--password-stdin'], {}, PASSWORD);
    expect(created.code, created.stderr).toBe(0);
    const listed = await cli(url, ['admin', 'account', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject({ items: [{ email: 'ann@example.com' }], next: null });

    const noKey = await runCliInProcess(['--database-url', url, 'admin', 'account', 'list'], { env: { KBC_ACCOUNT_SECRET_KEY: '' } });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('KBC_ACCOUNT_SECRET_KEY must be set');
    // A process with another key is refused: the data was sealed with the first one.
    const otherKey = await cli(url, ['admin', 'account', 'list'], { KBC_ACCOUNT_SECRET_KEY: OTHER_KEY });
    expect(otherKey.code).toBe(1);
    expect(otherKey.stderr).toContain('is not the key of');
    expect(otherKey.stderr).not.toContain('    at ');
  }, 120_000);

  it('copies a JSON store into an empty database with every count checked, and refuses a second copy or another key', async () => {
    const dataDir = await tempDataDir();
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    const ann = (await core.accounts.create({ email: 'ann@example.com', password: PASSWORD })).id;
    await core.projects.create({ name: 'Sales', members: [{ email: 'ann@example.com', role: 'admin' }] });
    await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    await core.close();
    const fileKey = (await readFile(join(dataDir, 'secret.key'), 'utf8')).trim();

    const url = await emptyDatabase();
    expect((await cli(url, ['admin', 'db', 'migrate'])).code).toBe(0);
    const wrongKey = await cli(url, ['admin', 'db', 'copy', '--from', dataDir], { KBC_ACCOUNT_SECRET_KEY: OTHER_KEY });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain(`cat ${join(dataDir, 'secret.key')}`);

    const copied = await cli(url, ['admin', 'db', 'copy', '--from', dataDir, '--json'], { KBC_ACCOUNT_SECRET_KEY: fileKey });
    expect(copied.code, copied.stderr).toBe(0);
    expect(JSON.parse(copied.stdout).counts).toMatchObject({ accounts: 1, projects: 1, tokens: 1 });
    const listed = await cli(url, ['admin', 'project', 'list', '--json'], { KBC_ACCOUNT_SECRET_KEY: fileKey });
    expect(JSON.parse(listed.stdout).items).toMatchObject([{ name: 'Sales', members: [{ email: 'ann@example.com', role: 'admin' }] }]);

    const second = await cli(url, ['admin', 'db', 'copy', '--from', dataDir], { KBC_ACCOUNT_SECRET_KEY: fileKey });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('empty database');
    expect(second.stderr).not.toContain('    at ');
  }, 120_000);

  it('refuses to copy a store under another key than the one it records, even without its key file', async () => {
    const dataDir = await tempDataDir();
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    await core.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    await core.close();
    await rm(join(dataDir, 'secret.key'));
    const url = await emptyDatabase();
    expect((await cli(url, ['admin', 'db', 'migrate'])).code).toBe(0);
    const copied = await cli(url, ['admin', 'db', 'copy', '--from', dataDir], { KBC_ACCOUNT_SECRET_KEY: OTHER_KEY });
    expect(copied.code).toBe(1);
    expect(copied.stderr).toMatch(/fingerprint [0-9a-f]{16}\. Nothing was copied/);
  }, 60_000);

  it('never prints the database password', async () => {
    const url = (await emptyDatabase()).replace('postgres@', 'postgres:s3cret-pw@');
    const result = await runCliInProcess(['--database-url', `${url}?password=s3cret-pw`, 'admin', 'account', 'list'], { env: { KBC_ACCOUNT_SECRET_KEY: KEY } });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('s3cret-pw');
  }, 60_000);

  it('says --database-url is needed for the db commands on the JSON store', async () => {
    const dataDir = await tempDataDir();
    await writeFile(join(dataDir, '.keep'), '');
    const result = await runCliInProcess(['--data', dataDir, 'admin', 'db', 'migrate'], { env: { KBC_ACCOUNT_DATABASE_URL: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--database-url');
  });
});
