import type { SlackDeps } from '../../context.ts';
import { answerInvitation } from './answer-invitation.ts';

/** Decline on an invitation (after Slack's confirmation dialog). */
export const invitationDecline = (deps: SlackDeps) => answerInvitation(deps, 'decline');
