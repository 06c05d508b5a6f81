import type { CliContext } from './context.ts';

/** Starts the terminal dashboard. */
export async function runDashboard(ctx: CliContext, options: { demo: boolean }): Promise<void> {
  const where = options.demo ? 'demo data in data/demo' : ctx.dataDir();
  ctx.io.stdout.write(
    [
      'kbc-account — self-service account management',
      '',
      `The full-screen dashboard (login, MFA, invitations, tokens, notifications, promo codes, Slack)`,
      `is not built yet; it will open here on ${where}.`,
      'Today you can run the operator CLI: kbc-account admin --help',
      '',
    ].join('\n'),
  );
}
