import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { slackUserOf } from '../../identity.ts';
import { publishHome } from '../../surfaces/home.ts';
import { firstDelivery } from './first-delivery.ts';

/** Publishes the Home tab whenever the user opens it, once per event (events are acked by Bolt before this runs). */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    // The Messages tab fires the same event; only the Home tab has a view to publish.
    if (event.tab !== undefined && event.tab !== 'home') return;
    const user = slackUserOf(body);
    if (user && (await firstDelivery(deps, body))) await publishHome(deps, client, user);
  };
}
