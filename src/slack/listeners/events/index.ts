import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { appHomeOpened } from './app-home-opened.ts';

/** Events API listeners (the manifest subscribes to app_home_opened only). */
export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
