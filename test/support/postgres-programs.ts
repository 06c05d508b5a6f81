import { execFile } from 'node:child_process';
import { chown, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Enough of the server log to show why it stopped, short enough to read in a test report. */
const LOG_TAIL_LINES = 30;

export interface ProgramRunner {
  /** Runs a PostgreSQL program; on failure throws its output and, if given, the log's tail. */
  (program: string, args: readonly string[], log?: string): Promise<void>;
  /** Makes `dir` writable by the user the programs run as. */
  prepare(dir: string): Promise<void>;
}

/** PostgreSQL refuses to run as root, so root runs it as the `postgres` user through runuser. */
export async function programRunner(bin: string): Promise<ProgramRunner> {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : null;
  const run = async (program: string, args: readonly string[], log?: string) => {
    const path = join(bin, program);
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, [...args]];
    try {
      // cwd: the postgres user may not be allowed into the caller's working directory.
      await execFileAsync(file, argv, { cwd: '/' });
    } catch (error) {
      const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
      const output = stderr || (error instanceof Error ? error.message : String(error));
      throw new Error(`${program} ${args.join(' ')} failed: ${output}${log === undefined ? '' : await logTail(log)}`);
    }
  };
  return Object.assign(run, {
    prepare: async (dir: string) => {
      if (owner !== null) await chown(dir, owner.uid, owner.gid);
    },
  });
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await execFileAsync('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    throw new Error('PostgreSQL refuses to run as root and there is no postgres user to run it as (apt-get install postgresql creates one)');
  }
}

async function logTail(log: string): Promise<string> {
  const text = await readFile(log, 'utf8').catch(() => '');
  if (text === '') return '\n(no server log)';
  return `\n--- ${log}, last lines ---\n${text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n')}`;
}
