import { isAccountError, joinRequestRef, type ErrorCode, type JoinRequestView } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { logFailure } from '../../log.ts';
import { actionValue, triggerIdOf } from '../../payload.ts';
import { ModalOpenError } from '../../surfaces/modals.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { approveJoinRequestModal, fromJoinRequestView, joinRequestMessage } from '../../views/join-requests.ts';
import { parentOfClick } from '../../views/form-metadata.ts';
import { actionListener, finishChange, tell, type LinkedActionContext } from './action-context.ts';

/** Errors that mean the request is settled: its DM should show how, without buttons. */
export const SETTLED: ReadonlySet<ErrorCode> = new Set(['JOIN_REQUEST_ALREADY_ANSWERED', 'JOIN_REQUEST_EXPIRED']);

async function showInDm(ctx: LinkedActionContext, view: JoinRequestView): Promise<void> {
  if (ctx.surface.kind !== 'message') return;
  await ctx.client.chat.update({ channel: ctx.surface.channel, ts: ctx.surface.ts, ...joinRequestMessage(fromJoinRequestView(view), ctx.deps.core.clock.now()) });
}

/**
 * Rewrites the admin's own DM about the request (found by its outbox ref, never by ids the
 * payload carries) to the request's current state. Nothing when no DM was recorded.
 */
export async function refreshAdminDm(deps: SlackDeps, client: SlackClient, adminAccountId: string, view: JoinRequestView): Promise<void> {
  const posted = await deps.core.outbox.messageFor(joinRequestRef(view.id, adminAccountId));
  if (!posted) return;
  await client.chat.update({ channel: posted.channel, ts: posted.ts, ...joinRequestMessage(fromJoinRequestView(view), deps.core.clock.now()) });
}

/** A settled request's DM, shown as it ended (best effort: the error itself is what the user is told). */
async function showSettled(ctx: LinkedActionContext, requestId: string): Promise<void> {
  await ctx.deps.core.joinRequests
    .get(ctx.account.id, requestId)
    .then((current) => showInDm(ctx, current))
    .catch(() => undefined);
}

/**
 * Approve on a join request (a DM, the Home tab, the requests to answer modal): opens the role
 * choice (guest preselected; pushed over the modal, which it refreshes once approved); the
 * approval itself is the modal's submission. The request id in the button is only a hint: the
 * core checks first that the clicking account is an admin of the project and that the request is
 * still open, so a forged click by anyone else gets NOT_PROJECT_ADMIN and opens nothing, and a
 * settled request's DM loses its buttons at once.
 */
export function approveJoinRequest(deps: SlackDeps) {
  return actionListener(deps, 'opening the approval of a join request', async (ctx) => {
    const requestId = actionValue(ctx.body);
    const triggerId = triggerIdOf(ctx.body);
    if (!requestId) {
      await tell(ctx, { tone: 'warning', text: 'That button names no join request. Nothing changed.' });
      return;
    }
    let view: JoinRequestView;
    try {
      view = await ctx.deps.core.joinRequests.getToAnswer(requestId, { accountId: ctx.account.id });
    } catch (error) {
      if (isAccountError(error) && SETTLED.has(error.code)) await showSettled(ctx, requestId);
      throw error;
    }
    if (!triggerId) {
      await tell(ctx, { tone: 'warning', text: 'Slack sent no trigger for a window. Please click Approve again.' });
      return;
    }
    try {
      const open = { trigger_id: triggerId, view: approveJoinRequestModal(view, parentOfClick(ctx.body)) };
      if (ctx.surface.kind === 'modal') await ctx.client.views.push(open);
      else await ctx.client.views.open(open);
    } catch (error) {
      logFailure(ctx.deps.logger, 'opening the approval of a join request', error);
      await tell(ctx, { tone: 'warning', text: new ModalOpenError('views.open failed').words('click Approve again') });
    }
  });
}

/**
 * Reject on a join request (after Slack's confirmation), in a DM, on the Home tab or in the
 * requests to answer modal. The core answers for the account linked to the clicking Slack user
 * and refuses anyone who is not an admin of the project (NOT_PROJECT_ADMIN), so a forged click
 * changes nothing. A second click (here or by another
 * admin) gets "already approved by …", and the DM loses its buttons; the other admins' DMs are
 * updated through the outbox. Answered from the Home tab or the modal, the admin's own DM loses its
 * buttons at once too, and the tab (or the modal) is re-rendered without the request.
 */
export function rejectJoinRequest(deps: SlackDeps) {
  return actionListener(deps, 'join request reject', async (ctx) => {
    const requestId = actionValue(ctx.body);
    if (!requestId) {
      await tell(ctx, { tone: 'warning', text: 'That button names no join request. Nothing changed.' });
      return;
    }
    let view: JoinRequestView;
    try {
      view = await ctx.deps.core.joinRequests.reject(requestId, { accountId: ctx.account.id });
    } catch (error) {
      if (isAccountError(error) && SETTLED.has(error.code)) await showSettled(ctx, requestId);
      throw error;
    }
    const text = `Rejected the request of *${escapeMrkdwn(view.name)}* to join *${escapeMrkdwn(view.projectName)}*.`;
    if (ctx.surface.kind !== 'message') {
      // Best effort: the outbox updates this DM too, a moment later.
      await refreshAdminDm(ctx.deps, ctx.client, ctx.account.id, view).catch((error: unknown) => logFailure(ctx.deps.logger, 'updating the DM of a join request answered elsewhere', error));
    }
    await finishChange(ctx, text, () => (ctx.surface.kind === 'message' ? showInDm(ctx, view) : tell(ctx, { tone: 'success', text })));
  });
}
