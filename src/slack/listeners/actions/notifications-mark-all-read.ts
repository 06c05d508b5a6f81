import type { SlackDeps } from '../../context.ts';
import { plural } from '../../views/format.ts';
import { actionListener, finishChange, tell } from './action-context.ts';

/** Mark all as read, in the notifications modal. */
export function notificationsMarkAllRead(deps: SlackDeps) {
  return actionListener(deps, 'marking all notifications read', async (ctx) => {
    const { marked } = await deps.core.notifications.markAllRead(ctx.account.id);
    const done = marked > 0 ? `Marked ${plural(marked, 'notification')} as read.` : 'Everything was read already.';
    await finishChange(ctx, done, () => tell(ctx, { tone: 'success', text: done }));
  });
}
