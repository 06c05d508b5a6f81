import { execFileSync, spawn } from 'node:child_process';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, runCliInProcess, type CliResult } from '../support/cli.ts';
import { fileCore, makeAccount, tempDataDir } from '../support/core.ts';

/** A data directory with ann (admin of Analytics, limit storage_gb=10). */
async function seeded() {
  const { core, dataDir } = await fileCore();
  const annId = await makeAccount(core, 'ann@example.com');
  const project = await core.projects.create({ name: 'Analytics', limits: { storage_gb: 10 }, members: [{ email: 'ann@example.com', role: 'admin' }] });
  const cli = (args: string[], options: { input?: string } = {}) => runCliInProcess(['--data', dataDir, 'admin', ...args], options);
  return { core, dataDir, annId, project, cli };
}

/** One message and a usage hint at most, never a stack trace. */
function expectOneMessage(result: CliResult, code: 1 | 2): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(/^(error: |\{"error":)/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(code === 2 ? 2 : 1);
}

/** Each test runs several commands (in-process, but for the process's own endings at the end); a shared, busy machine can make them slow. */
const CLI_TEST_TIMEOUT_MS = 120_000;

describe('numeric options', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('take decimal digits only: hex, exponents, signs, spaces and fractions are usage errors', async () => {
    const { cli, core } = await seeded();
    const values = ['0x10', '1e3', ' 12', '12 ', '+5', '1.5', '1_000', '', 'Infinity'];
    const results = await Promise.all(values.map((value) => cli(['promo', 'create', '--code', 'NUM', '--max-uses', value])));
    results.forEach((result, i) => {
      expectOneMessage(result, 2);
      expect(result.stderr, JSON.stringify(values[i])).toContain('--max-uses must be a whole number');
    });
    expect((await core.promo.list()).items).toEqual([]);
  });

  it('refuses a number beyond the safe integer range as a usage error instead of failing to store it', async () => {
    const { cli, core } = await seeded();
    const [huge, hugeLimit, hugeValue, exact] = await Promise.all([
      cli(['promo', 'create', '--code', 'HUGE', '--max-uses', '1152921504606846977']),
      cli(['project', 'create', '--name', 'X', '--limit', 'storage_gb=1e400']),
      cli(['usage', '--project', 'prj_x', '--metric', 'storage_gb', '--value', '99999999999999999999']),
      cli(['promo', 'create', '--code', 'EXACT', '--max-uses', String(Number.MAX_SAFE_INTEGER), '--json']),
    ]);
    expectOneMessage(huge, 2);
    expect(huge.stderr).toContain('--max-uses is out of range');
    expectOneMessage(hugeLimit, 2);
    expectOneMessage(hugeValue, 2);
    expect(exact.code, exact.stderr).toBe(0);
    expect((await core.promo.list()).items.map((promo) => [promo.code, promo.maxUses])).toEqual([['EXACT', Number.MAX_SAFE_INTEGER]]);
  });

  it('hold to the same syntax in --limit pairs, --value, --expires-in and paging', async () => {
    const { cli, project } = await seeded();
    const results = await Promise.all([
      cli(['project', 'create', '--name', 'X', '--limit', 'storage_gb=0x10']),
      cli(['usage', '--project', project.id, '--metric', 'storage_gb', '--value', '1e3']),
      cli(['usage', '--project', project.id, '--metric', 'storage_gb', '--value', '0x10']),
      cli(['invite', '--project', project.id, '--email', 'bob@example.com', '--expires-in', '0x7']),
      cli(['project', 'list', '--limit', '1e1']),
    ]);
    for (const result of results) expectOneMessage(result, 2);
    const fraction = await cli(['usage', '--project', project.id, '--metric', 'storage_gb', '--value', '12.5', '--json']);
    expect(fraction.code, fraction.stderr).toBe(0);
    expect(JSON.parse(fraction.stdout)).toMatchObject({ value: 12.5, limit: 10, breached: true });
  });
});

describe('hostile ids and text on the command line', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('records a metric named constructor without printing a function as its limit', async () => {
    const { cli, project } = await seeded();
    const recorded = await cli(['usage', '--project', project.id, '--metric', 'constructor', '--value', '1']);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('No limit is set for constructor');
    const shown = await cli(['project', 'show', '--id', project.id]);
    expect(shown.stdout).toMatch(/constructor\s+1\s+-/);
    expect(shown.stdout + recorded.stdout).not.toContain('native code');
  });

  it('answers ids named like built-in properties with their NOT_FOUND codes', async () => {
    const { cli, project } = await seeded();
    const results = await Promise.all([
      cli(['project', 'show', '--id', 'constructor', '--json']),
      cli(['project', 'show', '--id', '__proto__', '--json']),
      cli(['usage', '--project', 'toString', '--metric', 'storage_gb', '--value', '1', '--json']),
      cli(['invitation', 'cancel', '--id', 'hasOwnProperty', '--json']),
      cli(['invite', '--project', '__proto__', '--email', 'bob@example.com', '--json']),
      cli(['notify', '--title', 't', '--message', 'm', '--project', 'constructor', '--json']),
      cli(['project', 'add-member', '--project', project.id, '--email', 'constructor@example.com', '--json']),
    ]);
    for (const result of results) expectOneMessage(result, 1);
    expect(results.map((result) => (JSON.parse(result.stderr) as { error: { code: string } }).error.code)).toEqual([
      'PROJECT_NOT_FOUND',
      'PROJECT_NOT_FOUND',
      'PROJECT_NOT_FOUND',
      'INVITATION_NOT_FOUND',
      'PROJECT_NOT_FOUND',
      'PROJECT_NOT_FOUND',
      'ACCOUNT_NOT_FOUND',
    ]);
  });

  it('repeats a hostile id with its control and formatting characters escaped, on one line', async () => {
    const { cli } = await seeded();
    const result = await cli(['project', 'show', '--id', 'x\u001b]2;PWNED\u0007\u202e\ny']);
    expectOneMessage(result, 1);
    expect(result.stderr).not.toMatch(/[\u001b\u0007\u202e]/u);
    expect(result.stderr).toContain('x\\u001b]2;PWNED\\u0007\\u202e\\ny');
  });

  it('refuses a link that would rename the terminal, and a look-alike email', async () => {
    const { cli, core, annId } = await seeded();
    const [link, email] = await Promise.all([
      cli(['notify', '--title', 't', '--message', 'm', '--link', 'https://x.io/a\u001b]2;PWNED\u0007b', '--json']),
      cli(['notify', '--title', 't', '--message', 'm', '--account', '\u0430nn@example.com', '--json']),
    ]);
    expect(JSON.parse(link.stderr)).toMatchObject({ error: { code: 'NOTIFICATION_LINK_INVALID' } });
    expect(link.stderr).not.toContain('\u001b');
    expect(JSON.parse(email.stderr)).toMatchObject({ error: { code: 'INVALID_EMAIL' } });
    expect(await core.notifications.unreadCount(annId)).toBe(0);
  });
});

describe('--message-file and --reason-file', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('read a long message with line breaks from a file, or from standard input with -', async () => {
    const { cli, core, annId, dataDir } = await seeded();
    const file = join(dataDir, '..', `message-${process.pid}.txt`);
    const message = `Step 1: export.\nStep 2: import.\n${'Details. '.repeat(150)}`;
    await writeFile(file, `\ufeff${message}\n`);
    try {
      const fromFile = await cli(['notify', '--title', 'Migration', '--message-file', file, '--json']);
      expect(fromFile.code, fromFile.stderr).toBe(0);
      expect(JSON.parse(fromFile.stdout)).toMatchObject({ notification: { message: message.trim() } });
    } finally {
      await rm(file, { force: true });
    }
    const fromStdin = await cli(['notify', '--title', 'Piped', '--message-file', '-', '--json'], { input: 'Line one\nLine two\n' });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ notification: { message: 'Line one\nLine two' } });
    expect(await core.notifications.unreadCount(annId)).toBe(2);
  });

  it('refuse a file that is not a regular file, not UTF-8, too large or missing, and both --message and --message-file', async () => {
    const { cli, core, annId } = await seeded();
    const dir = await tempDataDir();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await writeFile(join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await writeFile(join(dir, 'big.txt'), 'x'.repeat(64 * 1024 + 1));
    await symlink(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
    const cases: [string[], string][] = [
      [['--message-file', '/dev/zero'], 'is a character device, not a regular file'],
      [['--message-file', fifo], 'is a FIFO (named pipe), not a regular file'],
      [['--message-file', dir], 'is a directory, not a regular file'],
      [['--message-file', join(dir, 'latin1.txt')], 'is not valid UTF-8'],
      [['--message-file', join(dir, 'big.txt')], 'is larger than 65536 bytes'],
      [['--message-file', join(dir, 'missing.txt')], 'does not exist'],
      [['--message-file', join(dir, 'dangling.txt')], 'is a symbolic link to'],
      [['--message', 'm', '--message-file', join(dir, 'big.txt')], 'cannot be used with'],
      [[], '--message-file'],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(['notify', '--title', 't', ...args])));
    results.forEach((result, i) => {
      expectOneMessage(result, 2);
      expect(result.stderr).toContain(cases[i]![1]);
    });
    const tooLong = await cli(['notify', '--title', 't', '--message-file', '-'], { input: 'y'.repeat(64 * 1024 + 1) });
    expectOneMessage(tooLong, 2);
    expect(tooLong.stderr).toContain('standard input holds more than 65536 bytes');
    expect(await core.notifications.unreadCount(annId)).toBe(0);
  });

  it('reads an invitation reason from a file too', async () => {
    const { cli, project } = await seeded();
    const result = await cli(['invite', '--project', project.id, '--email', 'bob@example.com', '--reason-file', '-', '--json'], { input: 'Q3 audit,\nsee the wiki.\n' });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ reason: 'Q3 audit,\nsee the wiki.' });
    const both = await cli(['invite', '--project', project.id, '--email', 'carol@example.com', '--reason', 'r', '--reason-file', '-']);
    expectOneMessage(both, 2);
  });
});

describe('failures around the command', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('says in one line that secret.key is a link to nothing', async () => {
    const dataDir = await tempDataDir();
    await symlink(join(dataDir, 'backup', 'secret.key'), join(dataDir, 'secret.key'));
    const result = await runCli(['--data', dataDir, 'admin', 'account', 'list'], { env: { KBC_ACCOUNT_SECRET_KEY: '' } });
    expectOneMessage(result, 1);
    expect(result.stderr).toContain(`${join(dataDir, 'secret.key')} is a symbolic link`);
  });

  it('ends quietly when the reader of its output goes away', async () => {
    const { dataDir } = await seeded();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, '--data', dataDir, 'admin', 'project', 'list'], {
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Closed before the CLI has started: its one write meets a pipe nobody reads (EPIPE).
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
