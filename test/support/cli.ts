import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

export const BIN = fileURLToPath(new URL('../../bin/kbc-account.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** What arrives on standard input (then end of input). @default nothing */
  readonly input?: string;
  /** Variables on top of the test's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface SpawnOptions extends CliOptions {
  /** Options for node itself, before the script (`--import …`). */
  readonly nodeArgs?: readonly string[];
  /** Another copy of the bin (a fake project's). @default BIN */
  readonly bin?: string;
}

/**
 * Runs `kbc-account ARGS` as a real subprocess, with `input` on stdin. For what only a process
 * shows (its exit status, a closed pipe, signals, how it starts); the rest can use runCliInProcess.
 */
export function runCli(args: readonly string[], options: SpawnOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.bin ?? BIN, ...args], {
      env: { ...process.env, NODE_ENV: 'production', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs `kbc-account ARGS` in this process: the CLI's `main` (what bin/kbc-account.js calls) with
 * the same environment runCli gives, `input` on a piped (non-terminal) stdin and both outputs
 * captured. The code is what the process would exit with: the bin sets it as the exit status, which
 * subprocess tests check for each kind of ending (0, 1 and 2 in test/cli/accounts.test.ts and
 * hostile-input.test.ts, a closed pipe, another user, two processes at once). A subprocess costs a
 * node start and loading the core (about a second of CPU); this costs neither.
 */
export async function runCliInProcess(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const stdin = Readable.from(options.input === undefined || options.input === '' ? [] : [Buffer.from(options.input)]);
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, stdin, env: { ...process.env, NODE_ENV: 'production', ...options.env } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A stream that keeps what is written to it, synchronously: nothing is still on its way once the command returned. */
function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}
