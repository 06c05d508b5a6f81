import { dirname, resolve } from 'node:path';
import type { Core } from '../core/index.ts';
import { UsageError } from './usage-error.ts';

export const DATA_DIR_ENV = 'KBC_ACCOUNT_DATA';
export const DATABASE_URL_ENV = 'KBC_ACCOUNT_DATABASE_URL';

/** `--database-url URL`, else KBC_ACCOUNT_DATABASE_URL; undefined: the data directory's JSON store. */
export function resolveDatabaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--database-url needs a URL, e.g. postgres://user@host/db');
  return flag ?? (env[DATABASE_URL_ENV]?.trim() || undefined);
}

/**
 * `--data DIR`, else KBC_ACCOUNT_DATA, else ./data. A blank variable counts as unset (an empty
 * string would otherwise mean the current directory); a blank `--data` is a usage error.
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--data needs a directory');
  const fromEnv = env[DATA_DIR_ENV]?.trim();
  return resolve(flag ?? (fromEnv || 'data'));
}

/** Streams and environment a command uses; tests hand in their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** The process ends when the command does (the real CLI, not a test calling main): closing need not wait for the database server. */
  readonly processEnds?: boolean;
}

export interface CliContext {
  readonly io: CliIo;
  /** Opens the core on the store chosen by the global options (once per run). */
  core(): Promise<Core>;
  dataDir(): string;
  /** The PostgreSQL URL the global options chose; undefined for the JSON store. */
  databaseUrl(): string | undefined;
  /** Where the data is, for messages (the data directory, or the URL without its password). */
  storeLabel(): Promise<string>;
  /** Closes the core if a command opened it (database connections must not outlive the command). */
  close(): Promise<void>;
}

export interface GlobalFlags {
  readonly data?: string | undefined;
  readonly databaseUrl?: string | undefined;
}

export function createCliContext(io: CliIo, flags: () => GlobalFlags): CliContext {
  let opened: Promise<Core> | null = null;
  const dataDir = () => resolveDataDir(flags().data, io.env);
  const databaseUrl = () => resolveDatabaseUrl(flags().databaseUrl, io.env);
  return {
    io,
    dataDir,
    databaseUrl,
    storeLabel: async () => {
      const url = databaseUrl();
      return url === undefined ? dataDir() : (await import('../core/index.ts')).describeDatabaseUrl(url);
    },
    // Loaded on first use, not at the top: the core (zod, the stores, argon2, the password
    // dictionaries) costs about a second of CPU, which `--help` and usage errors need not pay.
    core: () =>
      (opened ??= import('../core/index.ts')
        .then(({ openCore }) => openCore({ dataDir: dataDir(), databaseUrl: databaseUrl(), env: io.env }))
        .then((core) => reportCreated(io, core))),
    close: async () => {
      const core = opened;
      opened = null;
      if (core) await (await core.catch(() => null))?.close({ exiting: io.processEnds === true });
    },
  };
}

/**
 * Says on stderr, in one line, that opening created the data directory: a mistyped `--data` would
 * otherwise show only as an empty store (and a dashboard whose sign-in fails).
 */
function reportCreated(io: CliIo, core: Core): Core {
  if (core.created) io.stderr.write(`kbc-account: created a new, empty store in ${dirname(core.location)} (there was no data directory there)\n`);
  return core;
}

/** Reads all of stdin; drops one trailing newline (as `echo` adds). */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
