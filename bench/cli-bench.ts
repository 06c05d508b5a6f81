/**
 * `npm run bench -- --only cli`: how long `kbc-account --help` and `kbc-account admin … --help`
 * take against a bare `node -e 0`, interleaved so both see the same machine (target ≤ 3× at p50).
 * The bin is measured as installed: dist/ built from these sources first (see scripts/build.mjs).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { interleave, Measured, type Comparison } from './stats.ts';

export const BIN = fileURLToPath(new URL('../bin/kbc-account.js', import.meta.url));
const BUILD = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));

/** The core's compiled entry: preloaded, it gives the CLI commands' floor with the core's code loaded (pg-bench.ts). */
export const BUILT_CORE_ENTRY = new URL('../dist/core/index.js', import.meta.url).href;

export interface CliStartupResult {
  /** `kbc-account --help` vs `node -e 0`. */
  readonly help: Comparison;
  /** `kbc-account admin account create --help` vs `node -e 0`. */
  readonly adminHelp: Comparison;
}

/** Runs `node ARGS` to completion, output discarded; resolves to its wall time (ms), rejects on a non-zero exit. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(0, 400)}`));
    });
  });
}

/** Builds dist/ from the sources as they are, so the bin runs what `npm install` gives a user. */
export async function buildDist(): Promise<void> {
  await runNode([BUILD]);
}

/** `kbc-account ARGS` against a bare `node -e 0`, interleaved. */
function againstBareNode(args: readonly string[], budgetMs: number): Promise<Comparison> {
  const env = { ...process.env, NODE_ENV: 'production' };
  return interleave({
    subject: async () => new Measured(await runNode([BIN, ...args], env)),
    baseline: async () => new Measured(await runNode(['-e', '0'], env)),
    warmup: 2,
    minPairs: 10,
    maxPairs: 60,
    budgetMs,
  });
}

export async function benchCliStartup(budgetMs: number): Promise<CliStartupResult> {
  await buildDist();
  return {
    help: await againstBareNode(['--help'], budgetMs),
    adminHelp: await againstBareNode(['admin', 'account', 'create', '--help'], budgetMs),
  };
}
