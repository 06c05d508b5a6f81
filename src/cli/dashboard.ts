import { fileURLToPath } from 'node:url';
import { openCore } from '../core/index.ts';
import { NOT_A_TERMINAL, startDashboard } from '../tui/index.tsx';
import type { CliContext } from './context.ts';
import { seedDemo } from './demo-seed.ts';

/** Where `--demo` (and `npm start`) keeps its data: data/demo in the project, wherever it is run from. */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));

/** The dashboard ended with a non-zero exit code; what went wrong was already printed. */
export class DashboardExit extends Error {
  override readonly name = 'DashboardExit';

  constructor(readonly exitCode: number) {
    super(`the dashboard exited with code ${exitCode}`);
  }
}

const isTty = (stream: unknown): boolean => (stream as { isTTY?: boolean }).isTTY === true;

/**
 * `kbc-account [--data DIR]`: the dashboard on real data; `--demo`: on data/demo, seeded with
 * demo data on first run, with the demo login shown. Throws DashboardExit when it cannot run
 * (not a terminal) or crashed.
 */
export async function runDashboard(ctx: CliContext, options: { demo: boolean }): Promise<void> {
  const { io } = ctx;
  // Checked before opening any data, so a script calling it by mistake changes nothing.
  if (!isTty(io.stdin) || !isTty(io.stdout)) {
    io.stderr.write(`${NOT_A_TERMINAL}\n`);
    throw new DashboardExit(1);
  }
  const core = options.demo ? await openCore({ dataDir: DEMO_DATA_DIR, env: io.env }) : await ctx.core();
  const demo = options.demo ? await seedDemo(core) : null;
  const code = await startDashboard({
    core,
    stdin: io.stdin as NodeJS.ReadStream,
    stdout: io.stdout as NodeJS.WriteStream,
    stderr: io.stderr as NodeJS.WriteStream,
    demo: demo && { email: demo.email, password: demo.password },
  });
  if (code !== 0) throw new DashboardExit(code);
}
