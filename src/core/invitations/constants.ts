import { DEFAULT_MEMBER_ROLE } from '../projects/constants.ts';
/** Lifetime of an invitation when the inviter does not choose one, in days. */
export const INVITATION_DEFAULT_EXPIRY_DAYS = 7;
/** Shortest lifetime an inviter may choose, in days. */
export const INVITATION_MIN_EXPIRY_DAYS = 1;
/** Longest lifetime an inviter may choose, in days: a stale invitation is a standing door into a project. */
export const INVITATION_MAX_EXPIRY_DAYS = 30;
/** Longest optional reason shown to the invitee, in characters (code points). */
export const INVITATION_REASON_MAX_LENGTH = 500;
/** The role an invitee gets when the inviter names none: the least powerful one. */
export const INVITATION_DEFAULT_ROLE = DEFAULT_MEMBER_ROLE;

/** How platform staff appear as the inviter. */
export const OPERATOR_INVITER = { type: 'operator', id: 'operator', label: 'Keboola operator' } as const;

/** The outbox ref shared by every Slack message about one invitation, so later ones update the first. */
export const invitationRef = (invitationId: string): string => `invitation:${invitationId}`;

/** Every state an invitation can be in; `expired` is derived from `pending` and the clock. */
export const INVITATION_STATES = ['pending', 'expired', 'accepted', 'declined', 'cancelled'] as const;

/** How long answered, expired and cancelled invitations stay in the invitee's history, in days. */
export const INVITATION_HISTORY_DAYS = 90;

/** Invitations per page of the operator's list unless told otherwise. */
export const INVITATION_PAGE_DEFAULT = 100;

/**
 * A newly linked Slack user with more pending invitations than this gets one DM listing them
 * instead of one DM each: 30 invitations were 31 DMs in one second, over Slack's per-channel rate.
 */
export const INVITATION_SUMMARY_THRESHOLD = 3;
/** Invitations the summary DM lists at most (the rest are counted, and in the invitations modal). */
export const INVITATION_SUMMARY_LIST_MAX = 20;
