import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { messageLeak } from './message-leak.ts';
import { userChange } from './user-change.ts';

/** Events API listeners (the manifest subscribes to app_home_opened, message.channels and user_change). */
export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('message', messageLeak(deps));
  app.event('user_change', userChange(deps));
}
