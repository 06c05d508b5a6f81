import { isAccountError } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { actionListener, tell } from './action-context.ts';

/**
 * Unlink on the Home tab (Slack asked for a confirmation first): ends this Slack user's link, as
 * `/kbc unlink` does; the Home tab turns into the unlinked one, saying so.
 */
export function homeUnlink(deps: SlackDeps) {
  return actionListener(deps, 'unlinking from the Home tab', async (ctx) => {
    try {
      const account = await deps.core.slackLink.unlinkSlackUser(ctx.user);
      await tell({ ...ctx, account: null }, { tone: 'success', text: `Unlinked from *${escapeMrkdwn(account.email)}*. You will get no more messages for it here.` });
    } catch (error) {
      // Unlinked meanwhile (a double click, the dashboard): the Home tab shows how things are.
      if (!isAccountError(error, 'SLACK_NOT_LINKED')) throw error;
      await tell({ ...ctx, account: null }, { tone: 'success', text: 'This Slack user is not linked any more.' });
    }
  });
}
