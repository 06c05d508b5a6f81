import type { Command } from 'commander';
import { readSlackConfig, SLACK_EVENTS_PATH, SlackConfigError } from '../slack/config.ts';
import type { CliContext } from './context.ts';
import { ReportedExit } from './reported-exit.ts';
import { UsageError } from './usage-error.ts';
import { untilSignal } from './signals.ts';
import { holdPeriodicJobs } from './periodic.ts';

const ENVIRONMENT_HELP = `
Environment:
  SLACK_BOT_TOKEN               required: the Bot User OAuth Token (xoxb-…)
  SLACK_SIGNING_SECRET          required: the app's Signing Secret
  SLACK_APP_TOKEN               optional: an app-level token (xapp-…, scope connections:write) for Socket Mode
  PORT                          HTTP port without Socket Mode (default 3000); Slack posts to ${SLACK_EVENTS_PATH}
  SLACK_API_URL                 optional: another Slack Web API base URL (e.g. a local fake in tests)
  KBC_SLACK_TOKEN_REQUIRES_MFA  true (default): creating tokens from Slack needs an account with MFA
`;

/** `kbc-account [--data DIR] slack`: runs the Slack app on the data directory until SIGINT/SIGTERM. */
export function registerSlackCommand(program: Command, ctx: CliContext): void {
  program
    .command('slack')
    .description('run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT')
    .addHelpText('after', ENVIRONMENT_HELP)
    .action(async () => {
      const { io } = ctx;
      let config;
      try {
        config = readSlackConfig(io.env);
      } catch (error) {
        if (error instanceof SlackConfigError) throw new UsageError(error.message);
        throw error;
      }
      const core = await ctx.core();
      // Loaded here, not at the top: Bolt is large and every other command would pay for it.
      const { createSlackApp, SlackStartError } = await import('../slack/app.ts');
      const slack = createSlackApp({ core, config });
      let port: number | null;
      try {
        ({ port } = await slack.start());
      } catch (error) {
        if (!(error instanceof SlackStartError)) throw error;
        io.stderr.write(`error: ${error.message}\n`);
        throw new ReportedExit(1);
      }
      const stopJobs = holdPeriodicJobs(core, io, 'slack');
      const where = port === null ? 'Socket Mode' : `http://localhost:${port}${SLACK_EVENTS_PATH}`;
      io.stdout.write(`kbc-account slack: listening on ${where} (data: ${await ctx.storeLabel()}); Ctrl+C stops\n`);
      const signal = await untilSignal();
      io.stdout.write(`kbc-account slack: ${signal} received, stopping\n`);
      await slack.stop();
      await stopJobs();
    });
}
