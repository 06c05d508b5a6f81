import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { UsageError } from './usage-error.ts';
import { untilSignal } from './signals.ts';
import { holdPeriodicJobs } from './periodic.ts';

const ENVIRONMENT_HELP = `
Environment:
  PORT              the HTTP port (default 8080)
  HOST              the address to listen on (default 0.0.0.0)
  KBC_API_TRUST_PROXY  true: take the client address from X-Forwarded-For (only behind your own proxy)
  KBC_API_LOG_LEVEL    info (default), warn, error or silent; one JSON line per request on stdout, never a token

Any number of API processes may run on one store. Endpoints: see README.md and /manage/openapi.json.
`;

/** The default HTTP port of the Management API. */
export const API_DEFAULT_PORT = 8080;

function portOf(value: string | undefined): number {
  if (value === undefined || value === '') return API_DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`PORT must be a port number from 0 to 65535, not ${JSON.stringify(value)}`);
  return port;
}

/** `kbc-account [--data DIR | --database-url URL] api`: serves the Management API until SIGINT/SIGTERM. */
export function registerApiCommand(program: Command, ctx: CliContext): void {
  program
    .command('api')
    .description('serve the Management API (Keboola-shaped /manage/... endpoints) over HTTP on PORT (default 8080)')
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async () => {
      const { io } = ctx;
      const port = portOf(io.env['PORT']);
      const host = io.env['HOST'] || '0.0.0.0';
      const level = io.env['KBC_API_LOG_LEVEL'] || 'info';
      if (!['info', 'warn', 'error', 'silent', 'debug'].includes(level)) throw new UsageError(`KBC_API_LOG_LEVEL must be info, warn, error or silent, not ${JSON.stringify(level)}`);
      const core = await ctx.core();
      // Loaded here, not at the top: Fastify is not needed by the other commands.
      const { createApiServer } = await import('../api/server.ts');
      const server = await createApiServer({ core, logger: level === 'silent' ? false : { level }, trustProxy: io.env['KBC_API_TRUST_PROXY'] === 'true' });
      const address = await server.listen({ port, host });
      const stopJobs = holdPeriodicJobs(core, io, 'api');
      io.stdout.write(`kbc-account api: listening on ${address.replace('0.0.0.0', '127.0.0.1')} (data: ${await ctx.storeLabel()}); Ctrl+C stops\n`);
      const signal = await untilSignal();
      io.stdout.write(`kbc-account api: ${signal} received, stopping\n`);
      await server.close();
      await stopJobs();
    });
}
