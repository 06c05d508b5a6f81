/** A join request nobody answered expires after this many days. */
export const JOIN_REQUEST_EXPIRY_DAYS = 7;
/** Longest reason a requester may give, in characters (code points). */
export const JOIN_REQUEST_REASON_MAX_LENGTH = 500;
/** Requests read per page of an account's or a project's list. */
export const JOIN_REQUEST_PAGE = 100;

/** The outbox ref of the Slack message one admin gets about one request: each admin's DM is updated on its own. */
export const joinRequestRef = (requestId: string, adminAccountId: string): string => `join-request:${requestId}:${adminAccountId}`;

/** Every state a request can be in; `expired` is also derived from `pending` and the clock. */
export const JOIN_REQUEST_STATES = ['pending', 'approved', 'rejected', 'cancelled', 'expired'] as const;
