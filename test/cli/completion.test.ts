import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionScript } from '../../src/cli/completion.ts';
import { runCli } from '../support/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'kbc-completion-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const scripts: Record<string, string> = {};

/** Fails (never skips) when a shell is missing: the test is about that shell. */
function shell(name: string, args: readonly string[]): string {
  const result = spawnSync(name, args, { encoding: 'utf8', cwd: scratch });
  if (result.error) throw new Error(`${name} is needed for this test (apt-get install ${name}): ${result.error.message}`);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** What bash's completion offers for `line` (the cursor at its end), as a person pressing Tab gets it. */
function bashCompletes(script: string, line: string): string[] {
  const words = line.split(' ');
  const program = `source ${script}; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _kbc_account; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return shell('bash', ['--norc', '--noprofile', '-c', program]).split('\n').filter(Boolean);
}

function fishCompletes(script: string, line: string): string[] {
  return shell('fish', ['--no-config', '-c', `source ${script}; complete -C '${line}'`])
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.split('\t')[0]!);
}

beforeAll(async () => {
  mkdirSync(join(scratch, 'data-one'));
  writeFileSync(join(scratch, 'reason.txt'), 'why\n');
  for (const name of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', name]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    scripts[name] = join(scratch, `kbc-account.${name}`);
    writeFileSync(scripts[name]!, result.stdout);
  }
});

describe('kbc-account completion', { timeout: 120_000 }, () => {
  it('refuses a shell it has no script for (exit 2, the choices named)', async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bash, zsh, fish/);
  });

  it('bash: registers the function for kbc-account when sourced', () => {
    expect(shell('bash', ['--norc', '--noprofile', '-c', `source ${scripts['bash']}; complete -p kbc-account`]).trim()).toBe('complete -F _kbc_account kbc-account');
  });

  it('bash: completes commands, subcommands and the options of the command typed so far', () => {
    const bash = scripts['bash']!;
    expect(bashCompletes(bash, 'kbc-account ')).toEqual(['admin', 'slack', 'ssh', 'api', 'completion']);
    expect(bashCompletes(bash, 'kbc-account adm')).toEqual(['admin']);
    expect(bashCompletes(bash, 'kbc-account admin account c')).toEqual(['create']);
    expect(bashCompletes(bash, 'kbc-account admin account create --')).toEqual(
      expect.arrayContaining(['--email', '--name', '--password-stdin', '--json', '--help', '--data', '--database-url']),
    );
    expect(bashCompletes(bash, 'kbc-account admin account create --p')).toEqual(['--password-stdin']);
    expect(bashCompletes(bash, 'kbc-account completion ')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('bash: skips option values when working out the command, and completes directories and files as values', () => {
    const bash = scripts['bash']!;
    expect(bashCompletes(bash, `kbc-account --data ${scratch} admin ac`)).toEqual(['account']);
    expect(bashCompletes(bash, `kbc-account --data ${join(scratch, 'data-')}`)).toEqual([join(scratch, 'data-one')]);
    expect(bashCompletes(bash, `kbc-account admin invite --reason-file ${join(scratch, 're')}`)).toEqual([join(scratch, 'reason.txt')]);
    // A value that is free text gets nothing (not the command names).
    expect(bashCompletes(bash, 'kbc-account admin account create --email ')).toEqual([]);
  });

  it('zsh: valid syntax, registered with compdef, the same words offered', () => {
    const zsh = scripts['zsh']!;
    shell('zsh', ['-n', zsh]);
    // Outside a completion widget: compdef and _describe stand in, printing what they are given.
    const stubs = `compdef() { print "compdef $*"; }; _describe() { print -rl -- "\${(@P)4}"; }; _files() { print "FILES $*"; }`;
    const offered = (words: string) =>
      shell('zsh', ['-f', '-c', `${stubs}; source ${zsh}; words=(${words}); CURRENT=\${#words}; _kbc_account`]).split('\n').filter(Boolean);
    expect(offered("kbc-account ''").map((line) => line.split(':')[0])).toEqual(['compdef _kbc_account kbc-account', 'admin', 'slack', 'ssh', 'api', 'completion']);
    expect(offered("kbc-account ''")[1]).toMatch(/^admin:operator commands/);
    expect(offered(`kbc-account --data ${scratch} admin account create --`)).toEqual(expect.arrayContaining([expect.stringMatching(/^--email:the email/), expect.stringMatching(/^--password-stdin:/)]));
    expect(offered("kbc-account --data ''")).toContain('FILES -/');
  });

  it('fish: valid syntax, and fish itself completes commands, options and values', () => {
    const fish = scripts['fish']!;
    shell('fish', ['--no-config', '-n', fish]);
    expect(fishCompletes(fish, 'kbc-account adm')).toEqual(['admin']);
    expect(fishCompletes(fish, `kbc-account --data ${scratch} admin ac`)).toEqual(['account']);
    expect(fishCompletes(fish, 'kbc-account admin account create --p')).toEqual(['--password-stdin']);
    expect(fishCompletes(fish, 'kbc-account completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(fishCompletes(fish, `kbc-account admin invite --reason-file ${join(scratch, 're')}`)).toEqual([join(scratch, 'reason.txt')]);
    // No file names where a command or free text is expected.
    expect(fishCompletes(fish, 'kbc-account admin account create --email x@example.com ')).toEqual([]);
  });

  it('follows the commander tree: a new command and its options complete without touching the scripts', () => {
    const program = new Command('kbc-account');
    program.command('reports').command('export').option('--out <dir>', 'where').option('--format <format>', 'how').option('--dry-run', 'only say');
    const script = join(scratch, 'custom.bash');
    writeFileSync(script, completionScript(program, 'bash'));
    expect(bashCompletes(script, 'kbc-account r')).toEqual(['reports']);
    expect(bashCompletes(script, 'kbc-account reports export --')).toEqual(['--out', '--format', '--dry-run', '--help']);
    expect(bashCompletes(script, 'kbc-account reports --out x export --d')).toEqual(['--dry-run']);
  });
});
