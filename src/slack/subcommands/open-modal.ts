import type { ModalKind } from '../surfaces/modals.ts';
import { openModal } from '../surfaces/modals.ts';
import { textMessage } from '../views/notice.ts';
import { reply, type Subcommand } from './context.ts';

/** `/kbc invitations|notifications|token|tokens`: opens the modal with the command's trigger_id. */
export function openModalSubcommand(kind: ModalKind): Subcommand {
  return async (ctx) => {
    if (!ctx.triggerId) return reply(ctx, textMessage('Slack sent no trigger for a window. Please run the command again.'));
    await openModal(ctx.deps, ctx.client, { kind, triggerId: ctx.triggerId, user: ctx.user, fromModal: false, command: ctx.command });
  };
}
