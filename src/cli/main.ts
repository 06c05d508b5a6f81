import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { createCliContext, type CliContext, type CliIo, type GlobalFlags } from './context.ts';
import { UsageError } from './usage-error.ts';
import { registerAdminCommands } from './admin/index.ts';
import { runDashboard } from './dashboard.ts';
import { ReportedExit } from './reported-exit.ts';
import { registerSlackCommand } from './slack-command.ts';
import { registerSshCommand } from './ssh-command.ts';
import { registerApiCommand } from './api-command.ts';
import { printable } from './output.ts';
import { registerCompletionCommand } from './completion.ts';

/** The package's version, as `kbc-account --version` prints it. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const EXIT_OK = 0;
export const EXIT_DOMAIN_ERROR = 1;
export const EXIT_USAGE = 2;

/**
 * A reader that goes away (`kbc-account … | head -1`) makes the next write fail with EPIPE, which
 * Node reports as an unhandled 'error' event with a stack trace. There is nobody left to tell:
 * the command finishes quietly. Any other failed write (a full disk behind `> file`) is said
 * on stderr, and the exit code is 1.
 */
function guardOutput(): void {
  const onError = (stream: 'standard output' | 'standard error') => (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    process.exitCode = EXIT_DOMAIN_ERROR;
    if (stream === 'standard output') process.stderr.write(`error: could not write to standard output (${error.code ?? error.message})\n`);
  };
  if (outputGuarded) return;
  outputGuarded = true;
  process.stdout.on('error', onError('standard output'));
  process.stderr.on('error', onError('standard error'));
}
let outputGuarded = false;

const processIo = (): CliIo => {
  guardOutput();
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, processEnds: true };
};

export function buildProgram(ctx: CliContext, setFlags: (flags: GlobalFlags) => void): Command {
  const program = new Command('kbc-account')
    .description('Self-service account management: the dashboard, the Slack app and the operator CLI.')
    .version(VERSION, '--version', 'print the version and exit')
    .option('--data <dir>', 'data directory of the JSON store (default: $KBC_ACCOUNT_DATA, else ./data)')
    .option('--database-url <url>', 'use this PostgreSQL database instead of a data directory (default: $KBC_ACCOUNT_DATABASE_URL)')
    .option('--demo', 'open the dashboard on demo data in data/demo, seeded on first run')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      // Commander repeats mistyped options and commands: escaped like every other error.
      writeErr: (text) => ctx.io.stderr.write(printable(text, true)),
    })
    .exitOverride()
    .hook('preAction', (command) => {
      const { data, databaseUrl } = command.optsWithGlobals<GlobalFlags>();
      setFlags({ data, databaseUrl });
    })
    // The root runs the dashboard, so commander would report a mistyped command as "too many
    // arguments"; name it for what it is.
    .allowExcessArguments(true)
    .action(async (options: { demo?: boolean }, command: Command) => {
      const [unknown] = command.args;
      if (unknown !== undefined) {
        throw new UsageError(`unknown command '${unknown}' (commands: ${command.commands.map((sub) => sub.name()).join(', ')})`);
      }
      await runDashboard(ctx, { demo: options.demo ?? false });
    });
  registerAdminCommands(program, ctx);
  registerSlackCommand(program, ctx);
  registerSshCommand(program, ctx);
  registerApiCommand(program, ctx);
  registerCompletionCommand(program, ctx.io.stdout);
  return program;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let flags: GlobalFlags = {};
  const ctx = createCliContext(io, () => flags);
  const program = buildProgram(ctx, (given) => (flags = given));
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return await reportError(io, error, json);
  } finally {
    await ctx.close();
  }
}

/**
 * Says what went wrong in one line on stderr and returns the exit code: 2 for wrong arguments,
 * 1 for everything else. Never a stack trace: what the user gave is repeated with control and
 * formatting characters escaped (see printable).
 */
async function reportError(io: CliIo, error: unknown, json: boolean): Promise<number> {
  // The command already said what went wrong (the dashboard after restoring the terminal).
  if (error instanceof ReportedExit) return error.exitCode;
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version end with exit code 0.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${printable(error.message)}\n(run with --help for usage)\n`);
    return EXIT_USAGE;
  }
  // Whoever threw a core error has loaded the core already; a usage error never needs it.
  const { AccountError, ConfigError, StoreError } = await import('../core/index.ts');
  if (error instanceof AccountError) {
    // JSON escapes control characters itself; printable adds the formatting ones, as valid JSON escapes.
    io.stderr.write(
      json ? `${printable(JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }))}\n` : `error: ${printable(error.message)}\n`,
    );
    return EXIT_DOMAIN_ERROR;
  }
  if (error instanceof StoreError || error instanceof ConfigError) {
    io.stderr.write(`error: ${printable(error.message)}\n`);
    return EXIT_DOMAIN_ERROR;
  }
  // A failure nobody foresaw (a bug, or the system refusing something): its message, on one line.
  io.stderr.write(`error: unexpected failure: ${printable(error instanceof Error ? error.message : String(error))}\n`);
  return EXIT_DOMAIN_ERROR;
}
