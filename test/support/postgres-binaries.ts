import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The server programs a throwaway cluster needs; a directory lacking one cannot host it. */
const PROGRAMS = ['initdb', 'pg_ctl', 'postgres'] as const;

/** Debian and Ubuntu install each major version's server programs under `<root>/<major>/bin`. */
export const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

/** Where PostgreSQL's server programs are, or why none were found. */
export type PostgresBinaries = { readonly bin: string } | { readonly missing: string };

export interface FindPostgresOptions {
  /** Read for `KBC_PG_BIN` and `PATH` (to run `pg_config`). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default DEBIAN_POSTGRES_ROOT */
  readonly distributionRoot?: string;
}

/**
 * Finds the directory holding initdb, pg_ctl and postgres. `KBC_PG_BIN` wins outright, so
 * `KBC_PG_BIN=/nonexistent` is how a run (or a test) sees a machine without PostgreSQL. Then
 * `pg_config --bindir`, then the newest Debian major version. The real bin directory is preferred
 * to whatever `pg_ctl` is on PATH, which may be a wrapper (Debian's pg_wrapper) that picks its own
 * cluster and version.
 */
export async function findPostgresBinaries(options: FindPostgresOptions = {}): Promise<PostgresBinaries> {
  const env = options.env ?? process.env;
  const chosen = env.KBC_PG_BIN;
  if (chosen !== undefined && chosen !== '') {
    return (await hasPrograms(chosen)) ? { bin: chosen } : { missing: `KBC_PG_BIN=${chosen} holds no ${PROGRAMS.join('/')}` };
  }
  for (const candidate of [await pgConfigBindir(env), ...(await debianBindirs(options.distributionRoot ?? DEBIAN_POSTGRES_ROOT))]) {
    if (candidate !== null && (await hasPrograms(candidate))) return { bin: candidate };
  }
  return { missing: `no ${PROGRAMS.join('/')} from pg_config --bindir or under ${options.distributionRoot ?? DEBIAN_POSTGRES_ROOT}/*/bin` };
}

async function hasPrograms(dir: string): Promise<boolean> {
  const found = await Promise.all(PROGRAMS.map((program) => access(join(dir, program), constants.X_OK).then(() => true, () => false)));
  return found.every(Boolean);
}

/** libpq-dev ships pg_config without the server, so its answer still has to be checked. */
async function pgConfigBindir(env: NodeJS.ProcessEnv): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync('pg_config', ['--bindir'], { env });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

/** Newest major version first: a machine upgraded in place keeps the old server's programs too. */
async function debianBindirs(root: string): Promise<string[]> {
  const entries = await readdir(root).catch(() => []);
  return entries
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}
