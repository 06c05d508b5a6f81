import type { SlackDeps } from '../../context.ts';
import { slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { triggerIdOf } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { howToLinkModal } from '../../views/home.ts';
import { startOfAction, type ActionArgs } from './action-context.ts';

/**
 * "How to link" on the unlinked Home tab: the steps in a modal. Needs no account (the user has
 * none linked yet); when Slack will not open the modal, the Home tab says so.
 */
export function openHowToLink(deps: SlackDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const user = slackUserOf(body);
    const triggerId = triggerIdOf(body);
    if (!user || !triggerId) return;
    startOfAction(deps, user);
    try {
      await client.views.open({ trigger_id: triggerId, view: howToLinkModal() });
    } catch (error) {
      logFailure(deps.logger, 'opening the How to link modal', error);
      await publishHome(deps, client, user, { tone: 'warning', text: 'Slack did not open the window. The steps: a code from the dashboard (*Account Settings → Slack*), then `/kbc link CODE` here.' });
    }
  };
}
