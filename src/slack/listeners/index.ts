import type { App } from '@slack/bolt';
import type { SlackDeps } from '../context.ts';
import { register as registerActions } from './actions/index.ts';
import { register as registerCommands } from './commands/index.ts';
import { register as registerEvents } from './events/index.ts';
import { register as registerViews } from './views/index.ts';

/** Every listener of the app, by kind. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
}
