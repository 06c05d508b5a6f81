import { isAccountError, type ErrorCode, type JoinRequestView } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { actionValue } from '../../payload.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { fromJoinRequestView, joinRequestMessage } from '../../views/join-requests.ts';
import { actionListener, finishChange, tell, type LinkedActionContext } from './action-context.ts';

/** Errors that mean the request is settled: its DM should show how, without buttons. */
const SETTLED: ReadonlySet<ErrorCode> = new Set(['JOIN_REQUEST_ALREADY_ANSWERED', 'JOIN_REQUEST_EXPIRED']);

async function showInDm(ctx: LinkedActionContext, view: JoinRequestView): Promise<void> {
  if (ctx.surface.kind !== 'message') return;
  await ctx.client.chat.update({ channel: ctx.surface.channel, ts: ctx.surface.ts, ...joinRequestMessage(fromJoinRequestView(view), ctx.deps.core.clock.now()) });
}

/**
 * Approve or Reject on a join request DM. The request id in the button is only a hint: the core
 * answers for the account linked to the clicking Slack user and refuses anyone who is not an admin
 * of the project (NOT_PROJECT_ADMIN), so a forged click changes nothing. A second click (here or
 * by another admin) gets "already approved by …", and the DM loses its buttons; the other admins'
 * DMs are updated through the outbox.
 */
export function answerJoinRequest(deps: SlackDeps, answer: 'approve' | 'reject') {
  return actionListener(deps, `join request ${answer}`, async (ctx) => {
    const requestId = actionValue(ctx.body);
    if (!requestId) {
      await tell(ctx, { tone: 'warning', text: 'That button names no join request. Nothing changed.' });
      return;
    }
    const { core } = ctx.deps;
    const by = { accountId: ctx.account.id };
    let view: JoinRequestView;
    try {
      view = answer === 'approve' ? await core.joinRequests.approve(requestId, by, { via: 'slack' }) : await core.joinRequests.reject(requestId, by);
    } catch (error) {
      if (isAccountError(error) && SETTLED.has(error.code)) {
        await core.joinRequests
          .get(ctx.account.id, requestId)
          .then((current) => showInDm(ctx, current))
          .catch(() => undefined);
      }
      throw error;
    }
    const text = `${answer === 'approve' ? 'Approved' : 'Rejected'} the request of *${escapeMrkdwn(view.name)}* to join *${escapeMrkdwn(view.projectName)}*.`;
    await finishChange(ctx, text, () => (ctx.surface.kind === 'message' ? showInDm(ctx, view) : tell(ctx, { tone: 'success', text })));
  });
}
