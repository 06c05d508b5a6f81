import { fileURLToPath } from 'node:url';
import type { CliContext } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { ReportedExit } from './reported-exit.ts';

/** Where `--demo` (and `npm start`) keeps its data: data/demo in the project, wherever it is run from. */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));

const isTty = (stream: unknown): boolean => (stream as { isTTY?: boolean }).isTTY === true;

/**
 * `kbc-account [--data DIR]`: the dashboard on real data; `--demo`: on data/demo, seeded with
 * demo data on first run, with the demo login shown. Throws ReportedExit when it cannot run
 * (not a terminal) or crashed. Ink and React load only here, so `admin` commands start fast.
 */
export async function runDashboard(ctx: CliContext, options: { demo: boolean }): Promise<void> {
  const { io } = ctx;
  // A person at a terminal is not a CI job, whatever CI says: with CI set, Ink (deciding as it is
  // first imported) would draw only the last frame, and typed text would seem to go nowhere.
  if (isTty(io.stdin) && isTty(io.stdout)) for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in process.env) process.env[name] = 'false';
  const { NOT_A_TERMINAL, applyColourLevel, startDashboard } = await import('../tui/index.tsx');
  // Colour follows NO_COLOR and FORCE_COLOR (and the terminal), not CI.
  applyColourLevel(io.env, io.stdout as { isTTY?: boolean });
  // Checked before opening any data, so a script calling it by mistake changes nothing.
  if (!isTty(io.stdin) || !isTty(io.stdout)) {
    io.stderr.write(`${NOT_A_TERMINAL}\n`);
    throw new ReportedExit(1);
  }
  const core = options.demo ? await (await import('../core/index.ts')).openCore({ dataDir: DEMO_DATA_DIR, env: io.env }) : await ctx.core();
  const demo = options.demo ? await seedDemo(core) : null;
  const code = await startDashboard({
    core,
    stdin: io.stdin as NodeJS.ReadStream,
    stdout: io.stdout as NodeJS.WriteStream,
    stderr: io.stderr as NodeJS.WriteStream,
    demo: demo && { email: demo.email, password: demo.password },
  });
  if (code !== 0) throw new ReportedExit(code);
}
