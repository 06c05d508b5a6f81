import type { SlackDeps } from '../../context.ts';
import { actionValue } from '../../payload.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { actionListener, finishChange, tell } from './action-context.ts';

/**
 * Cancel on one of the account's own pending join requests (after Slack's confirmation), in the
 * `/kbc requests` modal or on the Home tab. The core cancels only the account's own request:
 * anyone else's id is JOIN_REQUEST_NOT_FOUND and nothing changes; the admins' DMs say it was cancelled.
 */
export function joinRequestCancel(deps: SlackDeps) {
  return actionListener(deps, 'cancelling a join request', async (ctx) => {
    const requestId = actionValue(ctx.body);
    if (!requestId) {
      await tell(ctx, { tone: 'warning', text: 'That button names no join request. Nothing changed.' });
      return;
    }
    const view = await deps.core.joinRequests.cancel(ctx.account.id, requestId);
    const done = `Cancelled your request to join *${escapeMrkdwn(view.projectName)}*.`;
    await finishChange(ctx, done, () => tell(ctx, { tone: 'success', text: done }));
  });
}
