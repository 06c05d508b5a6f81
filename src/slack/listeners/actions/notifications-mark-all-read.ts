import type { SlackDeps } from '../../context.ts';
import { publishHome } from '../../surfaces/home.ts';
import { plural } from '../../views/format.ts';
import { actionListener, tell } from './action-context.ts';

/** Mark all as read, in the notifications modal. */
export function notificationsMarkAllRead(deps: SlackDeps) {
  return actionListener(deps, 'marking all notifications read', async (ctx) => {
    const { marked } = await deps.core.notifications.markAllRead(ctx.account.id);
    await tell(ctx, { tone: 'success', text: marked > 0 ? `Marked ${plural(marked, 'notification')} as read.` : 'Everything was read already.' });
    if (ctx.surface.kind !== 'home') await publishHome(deps, ctx.client, ctx.user);
  });
}
