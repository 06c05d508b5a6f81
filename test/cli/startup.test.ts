import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, type CliResult } from '../support/cli.ts';
import { ensureCurrentBuild } from '../support/dist-global-setup.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECORDER = fileURLToPath(new URL('../support/record-loads.mjs', import.meta.url));

/** `node NODE_ARGS -- bin ARGS` as a subprocess (see runCli). */
function run(args: readonly string[], env: NodeJS.ProcessEnv = {}, bin = BIN): Promise<CliResult> {
  const split = args.indexOf('--');
  return runCli(args.slice(split + 1), { nodeArgs: args.slice(0, split), env, bin });
}

const scratch = mkdtempSync(join(tmpdir(), 'kbc-startup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The modules `kbc-account ARGS` loads, as paths inside the project (node_modules/… or src/…). */
async function modulesLoadedBy(args: readonly string[]): Promise<string[]> {
  const file = join(scratch, `loads-${Math.random().toString(36).slice(2)}.txt`);
  // From the sources: what a command imports is the same in dist/, and src/ is what a test can see changed.
  const result = await run(['--import', RECORDER, '--', ...args], { RECORD_LOADS: file, KBC_ACCOUNT_FROM_SOURCE: '1' });
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => fileURLToPath(url.replace(/\?.*$/, '')).replace(ROOT, ''));
}

/** Front ends and the core's heavy parts: none is needed to describe a command. */
const HEAVY = [
  /^node_modules\/(zod|ink|react|@inkjs|@slack|fastify|@fastify|ssh2|pg|argon2|@zxcvbn-ts|date-fns|lowdb|otplib|qrcode|chalk)\//,
  /^src\/(tui|api|ssh)\//,
  /^src\/slack\/(?!config\.ts$)/,
  /^src\/core\/index\.ts$/,
  /^src\/core\/store\/schema\.ts$/,
];

describe('starting the CLI', () => {
  it.each([
    [['--help']],
    [['admin', '--help']],
    [['admin', 'account', 'create', '--help']],
    [['admin', 'notify', '--help']],
    [['admin', 'invite', '--help']],
    [['--version']],
  ])('%j loads no front end and not the core', async (args) => {
    const loaded = await modulesLoadedBy(args);
    expect(loaded).toContain('src/cli/main.ts');
    expect(loaded.filter((path) => HEAVY.some((pattern) => pattern.test(path)))).toEqual([]);
  });

  it('a help text still names the core’s values (roles, kinds, limits)', async () => {
    const result = await run(['--', 'admin', 'notify', '--help']);
    expect(result.stdout).toContain('announcement, deprecation, migration, limit');
    expect(result.stdout).toMatch(/1–120 characters/);
  });
});

describe('choosing between dist/ and the sources', () => {
  /**
   * A copy of the bin beside a fake dist/ and src/, each saying which one ran, and the project's
   * node_modules (for tsx).
   */
  function fakeProject(id?: string): { dir: string; bin: string; touch: (path: string, whenMs: number) => void } {
    const dir = mkdtempSync(join(scratch, 'project-'));
    mkdirSync(join(dir, 'bin'));
    cpSync(BIN, join(dir, 'bin', 'kbc-account.js'));
    mkdirSync(join(dir, 'scripts'));
    cpSync(join(ROOT, 'scripts', 'dist-state.mjs'), join(dir, 'scripts', 'dist-state.mjs'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    for (const [path, text] of [
      ['package.json', '{ "type": "module" }\n'],
      // A build that only stamps dist/ anew, with the next id.
      [
        'scripts/build.mjs',
        "import { readFileSync, writeFileSync } from 'node:fs';\n" +
          "const file = new URL('../dist/BUILD', import.meta.url);\n" +
          "const { id } = JSON.parse(readFileSync(file, 'utf8'));\n" +
          "writeFileSync(file, JSON.stringify({ sourcesReadAt: Date.now() + 3_600_000, id: `${id}+1` }));\n",
      ],
      ['dist/cli/main.js', "export const main = async () => { process.stdout.write('dist\\n'); return 0; };\n"],
      ['src/cli/main.ts', "export const main = async (): Promise<number> => { process.stdout.write('src\\n'); return 0; };\n"],
      ['src/core/index.ts', 'export {};\n'],
    ] as const) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const touch = (path: string, whenMs: number) => utimesSync(join(dir, path), whenMs / 1000, whenMs / 1000);
    const builtAt = Date.now() + 60_000;
    writeFileSync(join(dir, 'dist/BUILD'), JSON.stringify({ sourcesReadAt: builtAt, ...(id === undefined ? {} : { id }) }));
    for (const path of ['src', 'src/cli', 'src/core', 'src/cli/main.ts', 'src/core/index.ts']) touch(path, builtAt - 1_000);
    return { dir, bin: join(dir, 'bin', 'kbc-account.js'), touch: (path, offsetMs) => touch(path, builtAt + offsetMs) };
  }

  it('runs dist/ while no source is newer than its build', async () => {
    const { bin } = fakeProject();
    expect((await run(['--'], {}, bin)).stdout).toBe('dist\n');
  });

  it.each(['src/core/index.ts', 'src/core', 'src'])('runs the sources through tsx once %s changed after the build', async (path) => {
    const { bin, touch } = fakeProject();
    touch(path, 1_000);
    expect((await run(['--'], {}, bin)).stdout).toBe('src\n');
  });

  it('runs the sources without a build, or when told to', async () => {
    const { bin } = fakeProject();
    expect((await run(['--'], { KBC_ACCOUNT_FROM_SOURCE: '1' }, bin)).stdout).toBe('src\n');
    rmSync(join(bin, '../../dist/BUILD'));
    expect((await run(['--'], {}, bin)).stdout).toBe('src\n');
  });

  it('takes a parent at its word for the build it checked (its id), and for no other', async () => {
    const { bin, touch } = fakeProject('build-7');
    touch('src/core/index.ts', 1_000);
    expect((await run(['--'], { KBC_ACCOUNT_DIST_CHECKED: 'build-7' }, bin)).stdout).toBe('dist\n');
    expect((await run(['--'], { KBC_ACCOUNT_DIST_CHECKED: 'build-6' }, bin)).stdout).toBe('src\n');
    expect((await run(['--'], { KBC_ACCOUNT_DIST_CHECKED: '' }, bin)).stdout).toBe('src\n');
  });

  it('the test run rebuilds a stale dist/ once, then vouches for the new build', async () => {
    const { dir, bin, touch } = fakeProject('build-1');
    touch('src/cli/main.ts', 1_000);
    const root = pathToFileURL(`${dir}/`);
    const env: NodeJS.ProcessEnv = {};
    expect(ensureCurrentBuild(root, env)).toBe(true);
    expect(env['KBC_ACCOUNT_DIST_CHECKED']).toBe('build-1+1');
    expect(JSON.parse(readFileSync(join(dir, 'dist/BUILD'), 'utf8'))).toMatchObject({ id: 'build-1+1' });
    expect(ensureCurrentBuild(root, env)).toBe(false);
    expect(env['KBC_ACCOUNT_DIST_CHECKED']).toBe('build-1+1');
    expect((await run(['--'], env, bin)).stdout).toBe('dist\n');
  });
});
