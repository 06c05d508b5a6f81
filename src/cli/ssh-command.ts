import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { ReportedExit } from './reported-exit.ts';
import { untilSignal } from './signals.ts';
import { holdPeriodicJobs } from './periodic.ts';

const ENVIRONMENT_HELP = `
Environment:
  SSH_PORT                          port to listen on (default 2222; 0 picks a free one)
  SSH_HOST                          address to listen on (default: every address, IPv6 and IPv4)
  KBC_SSH_HOST_KEY                  the server's private host key file (default: ssh_host_ed25519_key
                                    in the data directory, generated on first start, mode 0600)
  KBC_SSH_MAX_SESSIONS              connections at once, in all (default 100)
  KBC_SSH_MAX_SESSIONS_PER_ADDRESS  connections at once from one address (default 10)
  KBC_SSH_MAX_SIGN_IN_ATTEMPTS      failed sign-in steps before a connection is closed (default 3)
`;

/**
 * Ink and chalk decide once per process, from the process's own environment and terminal, whether
 * they are in CI (then Ink draws only the last frame) and whether to colour. A server's own
 * environment says nothing about its clients' terminals: each session decides its colour from its
 * pty request (see src/ssh/terminal.ts). Done before Ink is first imported.
 */
async function prepareRendering(env: NodeJS.ProcessEnv): Promise<void> {
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in env) env[name] = 'false';
  const { default: chalk } = await import('chalk');
  // 16 colours: all the dashboard uses, and what every colour terminal shows.
  chalk.level = 1;
  // Ink adds a 'beforeExit' listener to the process per dashboard (it unmounts on exit): one per
  // session here, and Node would warn of a leak past ten.
  process.setMaxListeners(0);
}

/** `kbc-account [--data DIR | --database-url URL] ssh`: serves the dashboard over SSH until SIGINT/SIGTERM. */
export function registerSshCommand(program: Command, ctx: CliContext): void {
  program
    .command('ssh')
    .description('serve the dashboard over SSH on SSH_PORT (default 2222): `ssh -p 2222 HOST` opens it')
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async () => {
      const { io } = ctx;
      const { ConfigError } = await import('../core/index.ts');
      let config;
      try {
        const { readSshConfig } = await import('../ssh/limits.ts');
        config = readSshConfig(io.env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        io.stderr.write(`error: ${error.message}\n`);
        throw new ReportedExit(2);
      }
      // Before anything loads Ink (the ssh server does): its process-wide decisions come first.
      await prepareRendering(process.env);
      const { createSshServer, loadHostKey } = await import('../ssh/index.ts');
      const hostKey = await loadHostKey(ctx.dataDir(), io.env);
      const core = await ctx.core();
      const log = (line: string) => io.stdout.write(`${new Date().toISOString()} ${line}\n`);
      const server = createSshServer({ core, hostKey, limits: config.limits, log });
      let address;
      try {
        address = await server.listen(config.port, config.host);
      } catch (error) {
        io.stderr.write(`error: cannot listen on ${config.host ?? 'every address'}, port ${config.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
        throw new ReportedExit(1);
      }
      io.stdout.write(
        `kbc-account ssh: listening on ${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port} (data: ${await ctx.storeLabel()})\n` +
          `kbc-account ssh: host key ${hostKey.type} ${hostKey.fingerprint} (${hostKey.created ? 'generated now in' : 'from'} ${hostKey.file})\n` +
          `kbc-account ssh: connect with \`ssh -p ${address.port} HOST\`; Ctrl+C stops\n`,
      );
      const stopJobs = holdPeriodicJobs(core, io, 'ssh');
      const signal = await untilSignal();
      io.stdout.write(`kbc-account ssh: ${signal} received, ending ${server.connections()} session(s)\n`);
      await server.close();
      await stopJobs();
      io.stdout.write('kbc-account ssh: stopped\n');
    });
}
