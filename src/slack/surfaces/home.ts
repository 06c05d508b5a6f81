import type { SlackUser } from '../../core/index.ts';
import type { SlackClient, SlackDeps } from '../context.ts';
import { accountFor } from '../identity.ts';
import { logFailure } from '../log.ts';
import type { Notice } from '../views/blocks.ts';
import { homeView } from '../views/overview.ts';
import { loadOverview } from './overview.ts';

/**
 * Publishes the Slack user's Home tab from the core's current data: on app_home_opened and after
 * every change the user made here or that was delivered to them. Never throws: a Home tab that
 * could not be refreshed is logged and refreshed next time.
 */
export async function publishHome(deps: SlackDeps, client: SlackClient, user: SlackUser, notice?: Notice | null): Promise<void> {
  try {
    const account = await accountFor(deps.core, user);
    const overview = account ? await loadOverview(deps.core, account) : null;
    await client.views.publish({ user_id: user.userId, view: homeView(overview, notice) });
  } catch (error) {
    logFailure(deps.logger, 'publishing the Home tab', error);
  }
}
