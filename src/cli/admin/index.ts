import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { registerAccountCommands } from './accounts.ts';
import { registerProjectsCommands } from './projects.ts';
import { registerInvitationsCommands } from './invitations.ts';
import { registerJoinRequestsCommands } from './join-requests.ts';
import { registerNotificationsCommands } from './notifications.ts';
import { registerUsageCommands } from './usage.ts';
import { registerPromoCommands } from './promo.ts';
import { registerDbCommands } from './db.ts';
import { registerSlackAdminCommands } from './slack.ts';

/** `kbc-account admin …`: what platform staff run. */
export function registerAdminCommands(program: Command, ctx: CliContext): void {
  const admin = program
    .command('admin')
    .description('operator commands: accounts, projects, invitations, join requests, notifications, usage, promo codes, database, Slack');
  registerAccountCommands(admin, ctx);
  registerProjectsCommands(admin, ctx);
  registerInvitationsCommands(admin, ctx);
  registerJoinRequestsCommands(admin, ctx);
  registerNotificationsCommands(admin, ctx);
  registerUsageCommands(admin, ctx);
  registerPromoCommands(admin, ctx);
  registerDbCommands(admin, ctx);
  registerSlackAdminCommands(admin, ctx);
}
