import type { types } from '@slack/bolt';
import { isAccountError, joinRequestRef, type ErrorCode, type JoinRequestView } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { logFailure } from '../../log.ts';
import { actionValue, triggerIdOf } from '../../payload.ts';
import { ModalOpenError } from '../../surfaces/modals.ts';
import { approveJoinRequestModal, fromJoinRequestView, joinRequestMessage, rejectJoinRequestModal } from '../../views/join-requests.ts';
import { parentOfClick, type ParentView } from '../../views/form-metadata.ts';
import { actionListener, tell, type LinkedActionContext } from './action-context.ts';

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

/** What an answer button opens: the modal that asks (the role, the reason) before the core answers. */
interface AnswerWindow {
  /** For log lines: "opening the approval of a join request". */
  readonly doing: string;
  /** The button, as the user is asked to click it again ("click Approve again"). */
  readonly label: 'Approve' | 'Reject';
  readonly modal: (view: JoinRequestView, parent: ParentView | null) => types.ModalView;
}

/**
 * A click on Approve or Reject (a DM, the Home tab, the requests to answer modal): opens the
 * window that asks before answering (pushed over the modal, which it refreshes once answered);
 * the answer itself is that window's submission. The request id in the button is only a hint:
 * the core checks first that the clicking account is an admin of the project and that the request
 * is still open (`getToAnswer`, which changes nothing), so a forged click by anyone else gets
 * NOT_PROJECT_ADMIN and opens nothing, and a settled request's DM loses its buttons at once.
 */
function answerWindowListener(deps: SlackDeps, asking: AnswerWindow) {
  return actionListener(deps, asking.doing, async (ctx) => {
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
      await tell(ctx, { tone: 'warning', text: `Slack sent no trigger for a window. Please click ${asking.label} again.` });
      return;
    }
    try {
      const open = { trigger_id: triggerId, view: asking.modal(view, parentOfClick(ctx.body)) };
      if (ctx.surface.kind === 'modal') await ctx.client.views.push(open);
      else await ctx.client.views.open(open);
    } catch (error) {
      logFailure(ctx.deps.logger, asking.doing, error);
      await tell(ctx, { tone: 'warning', text: new ModalOpenError('views.open failed').words(`click ${asking.label} again`) });
    }
  });
}

/** Approve: the role choice (guest preselected); see `approveJoinRequestSubmit`. */
export function approveJoinRequest(deps: SlackDeps) {
  return answerWindowListener(deps, { doing: 'opening the approval of a join request', label: 'Approve', modal: approveJoinRequestModal });
}

/** Reject: the reason, shown to the requester (optional); see `rejectJoinRequestSubmit`. */
export function rejectJoinRequest(deps: SlackDeps) {
  return answerWindowListener(deps, { doing: 'opening the rejection of a join request', label: 'Reject', modal: rejectJoinRequestModal });
}
