import { LINK_CODE_TTL_MINUTES } from '../../core/index.ts';
import { publishHome } from '../surfaces/home.ts';
import { rememberSlackNames } from '../slack-names.ts';
import { escapeMrkdwn } from '../views/escape.ts';
import { textMessage } from '../views/notice.ts';
import { reply, type SubcommandContext } from './context.ts';

/**
 * `/kbc link CODE`: binds this Slack user to the account that issued the code in the dashboard.
 * The code is a secret for its 10 minutes: it goes to the core (which stores only a keyed hash)
 * and is never logged or echoed.
 */
export async function link(ctx: SubcommandContext): Promise<void> {
  const code = ctx.rest.trim();
  if (code === '') {
    return reply(
      ctx,
      textMessage(`Type \`${ctx.command} link ABCD-EFGH\` with the code from the dashboard (*Account Settings → Slack*; a code lasts ${LINK_CODE_TTL_MINUTES} minutes).`),
    );
  }
  const account = await ctx.deps.core.slackLink.link({ code, ...ctx.user });
  await reply(
    ctx,
    textMessage(
      `:link: Linked to *${escapeMrkdwn(account.email)}*. Invitations, notifications and token reminders will arrive as direct messages from this app.\n` +
        `Try \`${ctx.command} status\`.`,
    ),
  );
  await publishHome(ctx.deps, ctx.client, ctx.user);
  await rememberSlackNames(ctx.deps, ctx.client, ctx.user);
}
