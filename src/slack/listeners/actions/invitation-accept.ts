import type { SlackDeps } from '../../context.ts';
import { answerInvitation } from './answer-invitation.ts';

/** Accept on an invitation (DM, modal or Home tab). */
export const invitationAccept = (deps: SlackDeps) => answerInvitation(deps, 'accept');
