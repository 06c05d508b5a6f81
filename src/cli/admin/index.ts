import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { registerAccountCommands } from './accounts.ts';

/** `kbc-account admin …`: what platform staff run. */
export function registerAdminCommands(program: Command, ctx: CliContext): void {
  const admin = program
    .command('admin')
    .description('operator commands: accounts, projects, invitations, notifications, usage, promo codes');
  registerAccountCommands(admin, ctx);
}
