import { describe, expect, it } from 'vitest';
import { fastTestHasher, openCore, totpCodeAt } from '../../src/core/index.ts';
import { runCli, runCliInProcess } from '../support/cli.ts';
import { PASSWORD, tempDataDir } from '../support/core.ts';

/** Keeps the caller's environment from choosing the data directory or the key. */
const CLEAN_ENV = { KBC_ACCOUNT_DATA: '', KBC_ACCOUNT_SECRET_KEY: '' };

/** `kbc-account --data DIR ARGS` in this process (see runCliInProcess). */
async function cli(dataDir: string, args: readonly string[], input?: string) {
  return runCliInProcess(['--data', dataDir, ...args], { env: CLEAN_ENV, ...(input === undefined ? {} : { input }) });
}

/** The same as a real process: for what only a process shows (exit status, stdin, the environment). */
async function spawned(dataDir: string, args: readonly string[], input?: string) {
  return runCli(['--data', dataDir, ...args], { env: CLEAN_ENV, ...(input === undefined ? {} : { input }) });
}

const create = (dataDir: string, email: string, extra: readonly string[] = [], password = PASSWORD) =>
  cli(dataDir, ['admin', 'account', 'create', '--email', email, '--password-stdin', ...extra], `${password}\n`);

interface ListedAccount {
  id: string;
  email: string;
  name: string;
  mfaEnabled: boolean;
  lockedUntil: string | null;
}

/** What `account list --json` prints: a page of accounts and the cursor of the next one. */
interface ListedPage {
  items: ListedAccount[];
  next: string | null;
}

const listedEmails = (stdout: string) => (JSON.parse(stdout) as ListedPage).items.map((a) => a.email);

// A spawned run starts node (about 1 s with the core, far more on a busy machine): allow for it.
describe('kbc-account admin account', { timeout: 180_000 }, () => {
  it('creates accounts (human and --json output) and lists them', async () => {
    const dataDir = await tempDataDir();
    const human = await create(dataDir, ' Ann@Example.com', ['--name', 'Ann Smith']);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toMatch(/^Created account ann@example\.com \(acc_[0-9a-z]{12}\)\.\n$/);

    const json = await create(dataDir, 'bob@example.com', ['--json']);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toMatchObject({ email: 'bob@example.com', name: 'bob', mfaEnabled: false, lockedUntil: null });
    expect(json.stdout).not.toMatch(/passwordHash|\$argon2|\$test\$/);

    const [listed, table] = await Promise.all([cli(dataDir, ['admin', 'account', 'list', '--json']), cli(dataDir, ['admin', 'account', 'list'])]);
    expect(listed.code).toBe(0);
    const accounts = JSON.parse(listed.stdout) as ListedPage;
    expect(accounts.items.map((a) => [a.email, a.name])).toEqual([
      ['ann@example.com', 'Ann Smith'],
      ['bob@example.com', 'bob'],
    ]);
    expect(accounts.next).toBeNull();
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^EMAIL\s+NAME\s+MFA\s+LOCKED UNTIL\s+CREATED\s+ID$/);
    expect(table.stdout).toContain('ann@example.com');
  });

  it('exits 1 with the message on stderr for a duplicate email, a malformed email and weak passwords', async () => {
    const dataDir = await tempDataDir();
    expect((await create(dataDir, 'ann@example.com')).code).toBe(0);
    const [duplicate, malformed, weak, duplicateJson] = await Promise.all([
      create(dataDir, 'ANN@example.com'),
      create(dataDir, 'not-an-email'),
      create(dataDir, 'bob@example.com', [], 'password1'),
      create(dataDir, 'ann@example.com', ['--json']),
    ]);
    expect(duplicate).toMatchObject({ code: 1, stdout: '', stderr: 'error: An account with the email ann@example.com already exists.\n' });
    expect(malformed).toMatchObject({ code: 1, stdout: '' });
    expect(malformed.stderr).toMatch(/^error: "not-an-email" is not a valid email address/);
    expect(weak).toMatchObject({ code: 1, stdout: '', stderr: 'error: This password is too common; choose one that is harder to guess.\n' });
    expect(JSON.parse(duplicateJson.stderr)).toMatchObject({ error: { code: 'EMAIL_TAKEN', details: { email: 'ann@example.com' } } });

    const listed = await cli(dataDir, ['admin', 'account', 'list', '--json']);
    expect(listedEmails(listed.stdout)).toEqual(['ann@example.com']);
  });

  it('refuses a guessable password with the reason: the service’s name, the display name', async () => {
    const dataDir = await tempDataDir();
    const [product, name] = await Promise.all([
      create(dataDir, 'walker@example.com', ['--name', 'Jane Walker'], 'keboola123'),
      create(dataDir, 'walker@example.com', ['--name', 'Jane Walker', '--json'], 'Jane Walker'),
    ]);
    expect(product).toMatchObject({ code: 1, stdout: '' });
    expect(product.stderr).toMatch(/^error: Leave out "Keboola" and other words of this service/);
    expect(JSON.parse(name.stderr)).toMatchObject({ error: { code: 'PASSWORD_TOO_WEAK', details: { reason: 'personal' } } });
    expect(listedEmails((await cli(dataDir, ['admin', 'account', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('lists every page by default, one page with --limit and its cursor, the rest with --after, one account with --email', async () => {
    const dataDir = await tempDataDir();
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    const emails = Array.from({ length: 105 }, (_, i) => `user${String(i).padStart(3, '0')}@example.com`);
    for (const email of emails) await core.accounts.create({ email, password: PASSWORD });

    const [all, first, table, one, oneJson, missing, mixed, badLimit] = await Promise.all([
      cli(dataDir, ['admin', 'account', 'list', '--json']),
      cli(dataDir, ['admin', 'account', 'list', '--limit', '40', '--json']),
      cli(dataDir, ['admin', 'account', 'list', '--limit', '2']),
      cli(dataDir, ['admin', 'account', 'list', '--email', 'USER007@example.com']),
      cli(dataDir, ['admin', 'account', 'list', '--email', 'user007@example.com', '--json']),
      cli(dataDir, ['admin', 'account', 'list', '--email', 'Nobody@example.com', '--json']),
      cli(dataDir, ['admin', 'account', 'list', '--email', 'user007@example.com', '--limit', '2']),
      cli(dataDir, ['admin', 'account', 'list', '--limit', 'ten']),
    ]);
    // More than one page of the core's default size (100), all printed.
    expect(all).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(all.stdout)).toMatchObject({ next: null });
    expect(listedEmails(all.stdout)).toEqual(emails);

    expect(first.code).toBe(0);
    const page = JSON.parse(first.stdout) as ListedPage;
    expect(page.items.map((a) => a.email)).toEqual(emails.slice(0, 40));
    expect(page.next).toEqual(expect.any(String));
    const [rest, second] = await Promise.all([
      cli(dataDir, ['admin', 'account', 'list', '--after', page.next!, '--json']),
      cli(dataDir, ['admin', 'account', 'list', '--after', page.next!, '--limit', '40', '--json']),
    ]);
    expect(rest.code).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ next: null });
    expect(listedEmails(rest.stdout)).toEqual(emails.slice(40));
    expect(listedEmails(second.stdout)).toEqual(emails.slice(40, 80));

    expect(table).toMatchObject({ code: 0, stderr: '' });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^EMAIL\s+NAME/);
    expect(lines[3]).toMatch(/^More accounts follow: --after \S+$/);

    expect(one).toMatchObject({ code: 0, stderr: '' });
    expect(one.stdout).toMatch(/^user007@example\.com \(acc_[0-9a-z]{12}\)\n  name: user007\n/);
    expect(JSON.parse(oneJson.stdout)).toMatchObject({ email: 'user007@example.com', mfaEnabled: false });
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'ACCOUNT_NOT_FOUND', details: { email: 'nobody@example.com' } } });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--email shows one account/);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit must be a whole number/);
  });

  it('exits 2 on usage errors: no --password-stdin, nothing on stdin, unknown commands', async () => {
    const dataDir = await tempDataDir();
    const [noStdin, emptyStdin, unknownTop, unknownSub] = await Promise.all([
      spawned(dataDir, ['admin', 'account', 'create', '--email', 'ann@example.com'], `${PASSWORD}\n`),
      spawned(dataDir, ['admin', 'account', 'create', '--email', 'ann@example.com', '--password-stdin'], ''),
      spawned(dataDir, ['frobnicate']),
      spawned(dataDir, ['admin', 'account', 'frobnicate']),
    ]);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/--password-stdin/);
    expect(emptyStdin.code).toBe(2);
    expect(emptyStdin.stderr).toMatch(/no password arrived on standard input/);
    expect(unknownTop.code).toBe(2);
    expect(unknownTop.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(unknownSub.code).toBe(2);
    expect(unknownSub.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('unlock and reset-mfa: exit 1 for an unknown email, 0 on a real account', async () => {
    const dataDir = await tempDataDir();
    expect((await create(dataDir, 'ann@example.com')).code).toBe(0);
    const core = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
    const { id } = (await core.accounts.findByEmail('ann@example.com'))!;
    const { secret } = await core.mfa.startEnrollment(id);
    await core.mfa.activate(id, await totpCodeAt(secret, new Date()));
    // The fast hasher cannot verify the argon2 hash: five "wrong" passwords make the email wait.
    for (let i = 0; i < 5; i++) await core.accounts.login({ email: 'ann@example.com', password: PASSWORD }).catch(() => undefined);
    await expect(core.accounts.login({ email: 'ann@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });

    const [unlockUnknown, resetUnknown] = await Promise.all([
      cli(dataDir, ['admin', 'account', 'unlock', '--email', 'nobody@example.com']),
      cli(dataDir, ['admin', 'account', 'reset-mfa', '--email', 'nobody@example.com']),
    ]);
    expect(unlockUnknown).toMatchObject({ code: 1, stdout: '', stderr: 'error: No account has the email nobody@example.com.\n' });
    expect(resetUnknown).toMatchObject({ code: 1, stdout: '', stderr: 'error: No account has the email nobody@example.com.\n' });

    const unlock = await cli(dataDir, ['admin', 'account', 'unlock', '--email', 'ANN@example.com']);
    expect(unlock).toMatchObject({ code: 0, stderr: '' });
    expect(unlock.stdout).toMatch(/^Unlocked ann@example\.com\./);
    expect((await core.accounts.findByEmail('ann@example.com'))!.lockedUntil).toBeNull();
    await expect(core.accounts.login({ email: 'ann@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });

    const reset = await cli(dataDir, ['admin', 'account', 'reset-mfa', '--email', 'ann@example.com', '--json']);
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(reset.stdout)).toMatchObject({ email: 'ann@example.com', mfaEnabled: false });
    expect(await core.mfa.status(id)).toMatchObject({ enabled: false });

    const again = await cli(dataDir, ['admin', 'account', 'reset-mfa', '--email', 'ann@example.com']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/nothing to reset/);
  });

  it('prints help at every level with exit 0', async () => {
    const dataDir = await tempDataDir();
    const levels = [[], ['admin'], ['admin', 'account'], ['admin', 'account', 'create']];
    const results = await Promise.all(levels.map((args) => spawned(dataDir, [...args, '--help'])));
    for (const [i, result] of results.entries()) {
      expect(result.code, levels[i]!.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: kbc-account/);
    }
    expect(results[3]!.stdout).toMatch(/--password-stdin/);
  });

  it('prints its version with --version, exit 0', async () => {
    const result = await spawned(await tempDataDir(), ['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('uses KBC_ACCOUNT_DATA as the data directory when --data is not given', async () => {
    const dataDir = await tempDataDir();
    const env = { ...CLEAN_ENV, KBC_ACCOUNT_DATA: dataDir };
    const created = await runCli(['admin', 'account', 'create', '--email', 'ann@example.com', '--password-stdin'], { input: PASSWORD, env });
    expect(created.code).toBe(0);
    const listed = await spawned(dataDir, ['admin', 'account', 'list', '--json']);
    expect(listedEmails(listed.stdout)).toEqual(['ann@example.com']);
  });
});
