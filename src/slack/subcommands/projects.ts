import { accountFor } from '../identity.ts';
import { notLinkedText } from '../messages.ts';
import { textMessage } from '../views/notice.ts';
import { projectsMessage } from '../views/projects.ts';
import { reply, type SubcommandContext } from './context.ts';

/**
 * `/kbc projects`: the projects the linked account is a member of (ephemeral): role, "member
 * until" for a time-boxed membership, "MFA required", and the project's page when the operator
 * configured KBC_PROJECT_BASE_URL.
 */
export async function projects(ctx: SubcommandContext): Promise<void> {
  const account = await accountFor(ctx.deps.core, ctx.user);
  if (!account) return reply(ctx, textMessage(notLinkedText(ctx.command)));
  const list = await ctx.deps.core.projects.listForAccount(account.id);
  await reply(ctx, projectsMessage(list, { mfaEnabled: account.mfaEnabled, projectBaseUrl: ctx.deps.config.projectBaseUrl ?? null }));
}
