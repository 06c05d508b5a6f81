import type { SlackDeps } from '../../context.ts';
import { actionValue } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { escapeMrkdwn } from '../../views/format.ts';
import { notificationMessage } from '../../views/notifications.ts';
import { actionListener, tell } from './action-context.ts';

/**
 * Mark as read, from a notification DM or the notifications modal. The core refuses a
 * notification the account may not see (NOTIFICATION_NOT_FOUND); marking twice is harmless.
 */
export function notificationMarkRead(deps: SlackDeps) {
  return actionListener(deps, 'marking a notification read', async (ctx) => {
    const notificationId = actionValue(ctx.body);
    if (!notificationId) {
      await tell(ctx, { tone: 'warning', text: 'That button names no notification. Nothing changed.' });
      return;
    }
    const item = await deps.core.notifications.markRead(ctx.account.id, notificationId);
    if (ctx.surface.kind === 'message') {
      const info = { ...item, notificationId: item.id };
      await ctx.client.chat.update({ channel: ctx.surface.channel, ts: ctx.surface.ts, ...notificationMessage(info, true) });
    } else {
      await tell(ctx, { tone: 'success', text: `Marked *${escapeMrkdwn(item.title)}* as read.` });
    }
    if (ctx.surface.kind !== 'home') await publishHome(deps, ctx.client, ctx.user);
  });
}
