import { isAccountError } from '../../core/index.ts';
import { accountFor } from '../identity.ts';
import { notLinkedText } from '../messages.ts';
import { publishHome } from '../surfaces/home.ts';
import { escapeMrkdwn } from '../views/escape.ts';
import { textMessage } from '../views/notice.ts';
import { reply, type SubcommandContext } from './context.ts';

/**
 * `/kbc unlink`: ends this Slack user's link; messages not yet delivered are dropped by the core.
 * A user who is not linked (any more) gets the linking instructions, as for every other command.
 */
export async function unlink(ctx: SubcommandContext): Promise<void> {
  const notLinked = () => reply(ctx, textMessage(notLinkedText(ctx.command)));
  if (!(await accountFor(ctx.deps.core, ctx.user))) return notLinked();
  let email: string;
  try {
    ({ email } = await ctx.deps.core.slackLink.unlinkSlackUser(ctx.user));
  } catch (error) {
    // Unlinked meanwhile (a double submit, the dashboard): the same answer as above.
    if (isAccountError(error, 'SLACK_NOT_LINKED')) return notLinked();
    throw error;
  }
  await reply(ctx, textMessage(`Unlinked from *${escapeMrkdwn(email)}*. You will get no more messages for it here. Link again any time with \`${ctx.command} link CODE\`.`));
  await publishHome(ctx.deps, ctx.client, ctx.user);
}
