import { accountFor } from '../identity.ts';
import { notLinkedText } from '../messages.ts';
import { loadOverview } from '../surfaces/overview.ts';
import { textMessage } from '../views/notice.ts';
import { statusMessage } from '../views/overview.ts';
import { reply, type SubcommandContext } from './context.ts';

/** `/kbc status`: linked account, MFA, unread notifications, pending invitations, tokens expiring soon. */
export async function status(ctx: SubcommandContext): Promise<void> {
  const account = await accountFor(ctx.deps.core, ctx.user);
  if (!account) return reply(ctx, textMessage(notLinkedText(ctx.command)));
  await reply(ctx, statusMessage(await loadOverview(ctx.deps.core, account)));
}
