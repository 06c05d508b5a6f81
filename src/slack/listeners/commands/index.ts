import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { kbcCommand } from './kbc.ts';

/**
 * The one slash command. Matched whatever name the workspace gave it (the manifest says `/kbc`),
 * so renaming the command when installing needs no code change.
 */
export function register(app: App, deps: SlackDeps): void {
  app.command(/^\/.+/, kbcCommand(deps));
}
