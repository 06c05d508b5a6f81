import type { SlackDeps } from '../../context.ts';
import { actionValue } from '../../payload.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { notificationMessage } from '../../views/notifications.ts';
import { sendWithTextFallback } from '../../text-fallback.ts';
import { actionListener, finishChange, tell } from './action-context.ts';

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
    const done = `Marked *${escapeMrkdwn(item.title)}* as read.`;
    await finishChange(ctx, done, async () => {
      const { surface } = ctx;
      if (surface.kind === 'message') {
        const info = { ...item, notificationId: item.id };
        const { channel, ts } = surface;
        await sendWithTextFallback(deps.logger, 'a notification DM', notificationMessage(info, true), (body) => ctx.client.chat.update({ channel, ts, ...body }));
      } else {
        await tell(ctx, { tone: 'success', text: done });
      }
    });
  });
}
