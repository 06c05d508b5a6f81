import { isAccountError, type ErrorCode, type InvitationView } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { actionValue } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { fromInvitationView, invitationMessage, roleWords } from '../../views/invitations.ts';
import { sendWithTextFallback } from '../../text-fallback.ts';
import { actionListener, finishChange, tell, type LinkedActionContext } from './action-context.ts';
import { mfaRequiredReply } from '../../views/mfa-steps.ts';

/** Errors that mean the invitation is settled: its DM should show how, without buttons. */
const SETTLED: ReadonlySet<ErrorCode> = new Set(['INVITATION_ALREADY_ANSWERED', 'INVITATION_CANCELLED', 'INVITATION_EXPIRED']);

/** Rewrites the clicked DM to the invitation's current state (buttons gone once it is settled). */
async function showInDm(ctx: LinkedActionContext, view: InvitationView, alreadyMember = false): Promise<void> {
  if (ctx.surface.kind !== 'message') return;
  const { info, outcome } = fromInvitationView(view, alreadyMember, ctx.deps.config.projectBaseUrl);
  const { channel, ts } = ctx.surface;
  await sendWithTextFallback(ctx.deps.logger, 'an invitation DM', invitationMessage(info, outcome), (body) => ctx.client.chat.update({ channel, ts, ...body }));
}

/**
 * Accept or Decline, from a DM, the invitations modal or the Home tab. The invitation id in the
 * button is only a hint: the core answers for the account linked to the clicking Slack user and
 * refuses an invitation addressed to anyone else (INVITATION_NOT_YOURS), so nothing changes.
 * A second click gets "you already accepted", and the DM loses its buttons.
 */
export function answerInvitation(deps: SlackDeps, answer: 'accept' | 'decline') {
  return actionListener(deps, `invitation ${answer}`, async (ctx) => {
    const invitationId = actionValue(ctx.body);
    if (!invitationId) {
      await tell(ctx, { tone: 'warning', text: 'That button names no invitation. Nothing changed.' });
      return;
    }
    const { core } = ctx.deps;
    let view: InvitationView;
    let alreadyMember: { role: string } | null = null;
    try {
      if (answer === 'accept') {
        const accepted = await core.invitations.accept(ctx.account.id, invitationId);
        view = accepted.invitation;
        if (accepted.alreadyMember) alreadyMember = { role: accepted.memberRole };
      } else {
        view = await core.invitations.decline(ctx.account.id, invitationId);
      }
    } catch (error) {
      if (isAccountError(error, 'PROJECT_MFA_REQUIRED')) {
        const projectName = typeof error.details['projectName'] === 'string' ? error.details['projectName'] : 'This project';
        const reply = mfaRequiredReply(projectName);
        // In a DM: the reason and a button that opens the steps. Elsewhere (modal, Home): the reason in words.
        if (ctx.respond) {
          await ctx.respond({ response_type: 'ephemeral', replace_original: false, ...reply });
          return;
        }
        throw error;
      }
      if (isAccountError(error) && SETTLED.has(error.code)) {
        const account = ctx.account;
        await core.invitations
          .get(account.id, invitationId)
          .then((current) => showInDm(ctx, current))
          .catch(() => undefined);
        if (ctx.surface.kind !== 'home') await publishHome(ctx.deps, ctx.client, ctx.user);
      }
      throw error;
    }
    const project = `*${escapeMrkdwn(view.projectName)}*`;
    const text = alreadyMember
      ? `You are already a member of ${project} (as *${escapeMrkdwn(roleWords(alreadyMember.role))}*), so the invitation is closed. Nothing else changed.`
      : answer === 'accept'
        ? `You joined ${project} as *${escapeMrkdwn(roleWords(view.role))}*.`
        : `You declined the invitation to ${project}.`;
    const member = alreadyMember !== null;
    // In a DM the updated message (outcome, no buttons) says it; elsewhere a notice does.
    await finishChange(ctx, text, () => (ctx.surface.kind === 'message' ? showInDm(ctx, view, member) : tell(ctx, { tone: 'success', text })));
  });
}
