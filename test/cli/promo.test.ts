import { describe, expect, it } from 'vitest';
import { FakeClock, fastTestHasher, openCore } from '../../src/core/index.ts';
import { runCliInProcess } from '../support/cli.ts';
import { tempDataDir, TEST_SECRET_KEY_HEX } from '../support/core.ts';

async function cli(dataDir?: string) {
  const env = { KBC_ACCOUNT_DATA: dataDir ?? (await tempDataDir()), KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY_HEX };
  return (...args: string[]) => runCliInProcess(['admin', 'promo', ...args], { env });
}

/** What `promo list --json` prints: a page of codes and the cursor of the next one. */
interface ListedPage {
  items: { code: string }[];
  next: string | null;
}

const listedCodes = (stdout: string) => (JSON.parse(stdout) as ListedPage).items.map((c) => c.code);

const errorCode = (stderr: string): unknown => (JSON.parse(stderr) as { error: { code: string } }).error.code;

// Each test runs several commands (in-process: see runCliInProcess); leave room for a busy shared machine.
describe('kbc-account admin promo', { timeout: 90_000 }, () => {
  it('creates a code with every option and lists it, as JSON and as text', async () => {
    const run = await cli();
    const created = await run(
      'create', '--code', 'hack-2026', '--description', 'Hackathon', '--max-uses', '20', '--expires-at', '2099-01-01',
      '--project-expires-in', '30', '--limit', 'storage_gb=10', '--limit', 'users=5', '--name-prefix', 'Hackathon: ', '--json',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      code: 'HACK-2026',
      description: 'Hackathon',
      maxUses: 20,
      uses: 0,
      // A date alone means the end of that day (UTC).
      expiresAt: '2099-01-01T23:59:59.999Z',
      project: { namePrefix: 'Hackathon: ', limits: { storage_gb: 10, users: 5 }, expiresInDays: 30 },
    });
    const listed = await run('list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ next: null });
    expect(listedCodes(listed.stdout)).toEqual(['HACK-2026']);
    const text = await run('list');
    expect(text.stdout).toMatch(/^CODE\s+USES\s+STATE/);
    expect(text.stdout).toMatch(/HACK-2026\s+0\/20\s+active\s+2099-01-01T23:59:59.999Z\s+storage_gb=10, users=5\s+30\s+Hackathon/);
  });

  it('lists every page by default, one page with --limit and its cursor, the rest with --after', async () => {
    const dataDir = await tempDataDir();
    const clock = new FakeClock('2026-01-15T09:00:00.000Z');
    const core = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: { KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY_HEX } });
    const codes = Array.from({ length: 105 }, (_, i) => `CODE-${String(i).padStart(3, '0')}`);
    for (const code of codes) {
      await core.promo.create({ code });
      clock.advance({ minutes: 1 });
    }
    const newestFirst = [...codes].reverse();
    const run = await cli(dataDir);

    const [all, first, table, badLimit] = await Promise.all([run('list', '--json'), run('list', '--limit', '40', '--json'), run('list', '--limit', '2'), run('list', '--limit', 'ten')]);
    // More than one page of the core's default size (100), all printed.
    expect(all).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(all.stdout)).toMatchObject({ next: null });
    expect(listedCodes(all.stdout)).toEqual(newestFirst);

    expect(first.code).toBe(0);
    const page = JSON.parse(first.stdout) as ListedPage;
    expect(page.items.map((c) => c.code)).toEqual(newestFirst.slice(0, 40));
    expect(page.next).toEqual(expect.any(String));
    const [rest, second] = await Promise.all([run('list', '--after', page.next!, '--json'), run('list', '--after', page.next!, '--limit', '40', '--json')]);
    expect(JSON.parse(rest.stdout)).toMatchObject({ next: null });
    expect(listedCodes(rest.stdout)).toEqual(newestFirst.slice(40));
    expect(listedCodes(second.stdout)).toEqual(newestFirst.slice(40, 80));

    expect(table).toMatchObject({ code: 0, stderr: '' });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^CODE\s+USES\s+STATE/);
    expect(lines[1]).toMatch(/^CODE-104\s/);
    expect(lines[2]).toMatch(/^CODE-103\s/);
    expect(lines[3]).toMatch(/^More promo codes follow: --after \S+$/);

    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit');
    const zero = await run('list', '--limit', '0', '--json');
    expect(zero.code).toBe(1);
    expect(errorCode(zero.stderr)).toBe('INVALID_INPUT');
  });

  it('refuses a duplicate code in another case with exit 1', async () => {
    const run = await cli();
    expect((await run('create', '--code', 'SPRING')).code).toBe(0);
    const duplicate = await run('create', '--code', 'spring', '--json');
    expect(duplicate.code).toBe(1);
    expect(errorCode(duplicate.stderr)).toBe('PROMO_CODE_TAKEN');
  });

  it('treats a malformed --limit or a non-number as usage errors (exit 2)', async () => {
    const run = await cli();
    for (const args of [
      ['--limit', 'storage_gb'],
      ['--max-uses', 'many'],
    ]) {
      const result = await run('create', '--code', 'BAD', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(args[0]);
    }
    expect(JSON.parse((await run('list', '--json')).stdout)).toEqual({ items: [], next: null });
  });

  it.each([
    ['--max-uses', ['0', '-3']],
    ['--project-expires-in', ['0', '-1']],
    ['--expires-at', ['2020-01-01']],
  ])('refuses a zero, negative or past %s as a domain error (exit 1)', async (option, values) => {
    const run = await cli();
    for (const value of values) {
      const result = await run('create', '--code', 'BAD', option, value, '--json');
      expect(result.code, `${option} ${value}`).toBe(1);
      expect(errorCode(result.stderr)).toBe('INVALID_INPUT');
    }
  });
});
