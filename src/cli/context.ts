import { resolve } from 'node:path';
import { openCore, type Core } from '../core/index.ts';
import { UsageError } from './usage-error.ts';

export const DATA_DIR_ENV = 'KBC_ACCOUNT_DATA';

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
}

export interface CliContext {
  readonly io: CliIo;
  /** Opens the core on the data directory chosen by the global options (once per run). */
  core(): Promise<Core>;
  dataDir(): string;
}

export function createCliContext(io: CliIo, dataFlag: () => string | undefined): CliContext {
  let opened: Promise<Core> | null = null;
  const dataDir = () => resolveDataDir(dataFlag(), io.env);
  return {
    io,
    dataDir,
    core: () => (opened ??= openCore({ dataDir: dataDir(), env: io.env })),
  };
}

/** Reads all of stdin; drops one trailing newline (as `echo` adds). */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
