import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerInvitationsCommands(admin: Command, ctx: CliContext): void {
  void admin;
  void ctx;
}
