import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli, type CliResult } from '../../support/cli.ts';
import { ROOT } from '../../core/store/support.ts';

const FAULT_WORKER = fileURLToPath(new URL('./fault-worker.ts', import.meta.url));

export type FaultWorkerMode = 'dashboard' | 'slack' | 'delivery' | 'guess' | 'store-write';

export interface FaultWorker {
  readonly child: ChildProcess;
  readonly lines: string[];
  stderr(): string;
  /** `[kind, id]` of every `ack KIND ID` line: changes whose core call resolved. */
  acks(): [string, string][];
  /** Resolves once the worker printed `ready` (its core is open). */
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts test/faults/support/fault-worker.ts in its own Node process (through tsx). */
export function startFaultWorker(mode: FaultWorkerMode, dataDir: string, config: object, options: { uid?: number; gid?: number } = {}): FaultWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', FAULT_WORKER, mode, dataDir, JSON.stringify(config)], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (parts.includes('ready')) markReady();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      if (partial) lines.push(partial);
      resolve({ code, signal });
    }),
  );
  const readyOrExit = Promise.race([ready, exited.then(() => Promise.reject(new Error(`${mode} worker exited before it was ready: ${err}`)))]);
  // Only callers that wait for `ready` care; one-shot workers never print it.
  readyOrExit.catch(() => undefined);
  return {
    child,
    lines,
    ready: readyOrExit,
    exited,
    stderr: () => err,
    acks: () =>
      lines
        .filter((line) => line.startsWith('ack '))
        .map((line) => {
          const [, kind = '', id = ''] = line.split(' ');
          return [kind, id];
        }),
  };
}

export interface CliJob {
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `jobs` CLI invocations (real subprocesses), `parallel` at a time; results in job order. */
export async function runCliPool(jobs: readonly CliJob[], parallel: number): Promise<CliResult[]> {
  const results: CliResult[] = new Array<CliResult>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index]!;
        results[index] = await runCli(job.args, job.env ? { env: job.env } : {});
      }
    }),
  );
  return results;
}
