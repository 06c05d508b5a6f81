import { publishHome } from '../surfaces/home.ts';
import { escapeMrkdwn } from '../views/format.ts';
import { textMessage } from '../views/notice.ts';
import { reply, type SubcommandContext } from './context.ts';

/** `/kbc unlink`: ends this Slack user's link; messages not yet delivered are dropped by the core. */
export async function unlink(ctx: SubcommandContext): Promise<void> {
  const account = await ctx.deps.core.slackLink.unlinkSlackUser(ctx.user);
  await reply(
    ctx,
    textMessage(`Unlinked from *${escapeMrkdwn(account.email)}*. You will get no more messages for it here. Link again any time with \`${ctx.command} link CODE\`.`),
  );
  await publishHome(ctx.deps, ctx.client, ctx.user);
}
