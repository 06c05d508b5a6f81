export type { JoinRequestsService, JoinRequestInput, ApproveOptions, RejectOptions, PendingFilter } from './service.ts';
export type { JoinRequestPayload, JoinRequestState, JoinRequestView } from './types.ts';
export { JOIN_REQUEST_EXPIRY_DAYS, JOIN_REQUEST_REASON_MAX_LENGTH, JOIN_REQUEST_STATES, joinRequestRef } from './constants.ts';
