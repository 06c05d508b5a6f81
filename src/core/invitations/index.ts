export type { InvitationsService, CreateInvitationInput } from './service.ts';
export type {
  AcceptedInvitation,
  InvitationAnsweredPayload,
  InvitationCancelledPayload,
  InvitationCreatedPayload,
  InvitationFilter,
  InvitationListQuery,
  InvitationState,
  InvitationView,
} from './types.ts';
export {
  INVITATION_DEFAULT_EXPIRY_DAYS,
  INVITATION_DEFAULT_ROLE,
  INVITATION_HISTORY_DAYS,
  INVITATION_MAX_EXPIRY_DAYS,
  INVITATION_MIN_EXPIRY_DAYS,
  INVITATION_REASON_MAX_LENGTH,
  INVITATION_STATES,
  OPERATOR_INVITER,
  invitationRef,
} from './constants.ts';
