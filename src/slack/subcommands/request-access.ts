import { openModal } from '../surfaces/modals.ts';
import { textMessage } from '../views/notice.ts';
import { reply, type SubcommandContext } from './context.ts';

/**
 * `/kbc request-access [PROJECT]`: the form asking to join a project (project id, reason, lifetime
 * in days), with the id filled in when one was typed.
 */
export async function requestAccess(ctx: SubcommandContext): Promise<void> {
  if (!ctx.triggerId) return reply(ctx, textMessage('Slack sent no trigger for a window. Please run the command again.'));
  const typed = ctx.rest.trim().split(/\s+/)[0] ?? '';
  await openModal(ctx.deps, ctx.client, {
    kind: 'requestAccess',
    triggerId: ctx.triggerId,
    user: ctx.user,
    fromModal: false,
    command: ctx.command,
    ...(typed !== '' ? { itemId: typed } : {}),
  });
}
