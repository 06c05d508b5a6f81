import type { Role } from '../store/schema.ts';
import type { INVITATION_STATES } from './constants.ts';

/**
 * Where an invitation stands. `expired` is never stored: it is a `pending` invitation whose
 * `expiresAt` has passed, so it needs no background job to flip it.
 */
export type InvitationState = (typeof INVITATION_STATES)[number];

/** What front ends see of an invitation. Holds no secret. */
export interface InvitationView {
  readonly id: string;
  /** The number clients name the invitation by (the Management API). */
  readonly numericId: number;
  /** The normalised email it is addressed to. */
  readonly email: string;
  readonly projectId: string;
  readonly projectName: string;
  /** The project's numeric id; null when the project is gone. */
  readonly projectNumericId: number | null;
  readonly role: Role;
  /** Who invited, in words: "Keboola operator" or "Ann (ann@example.com)". */
  readonly invitedBy: string;
  /** Who invited, as the Management API names them: an account (numeric id, name, email) or the operator (no id, no email). */
  readonly inviter: {
    readonly numericId: number | null;
    readonly name: string;
    readonly email: string | null;
    /** The inviter's Slack user id while they are linked (Slack shows a mention); null otherwise. */
    readonly slackUserId: string | null;
  };
  readonly reason: string | null;
  /** ISO times. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: InvitationState;
  /** When it was accepted, declined or cancelled; null while pending. */
  readonly answeredAt: string | null;
  /** The project requires MFA: accepting needs MFA enabled (said up front). */
  readonly projectRequiresMfa: boolean;
  /** The membership an accept makes lasts this many days; null: no end. */
  readonly membershipDays: number | null;
}

/** The answer to an accepted invitation: the project the front end should open next. */
export interface AcceptedInvitation {
  readonly invitation: InvitationView;
  readonly project: { readonly id: string; readonly numericId: number; readonly name: string };
  /**
   * The account was a member of the project already (added directly meanwhile): the invitation
   * is closed as accepted and the membership, role included, is left as it was.
   */
  readonly alreadyMember: boolean;
  /** The account's role in the project now (the invited one, unless `alreadyMember`). */
  readonly memberRole: Role;
}

/** Filters for the operator's listing; all optional, combined with AND. */
export interface InvitationFilter {
  readonly projectId?: string;
  readonly email?: string;
  readonly status?: InvitationState;
}

/** The operator's listing: the filter, and which page (see `InvitationsService.list`). */
export interface InvitationListQuery extends InvitationFilter {
  /** Invitations read for this page, 1–PAGE_LIMIT_MAX. @default INVITATION_PAGE_DEFAULT */
  readonly limit?: number;
  /** The `next` of the previous page. */
  readonly after?: string | null;
}

/** Payload of the `invitation.created` outbox entry (ref `invitation:<id>`). */
export interface InvitationCreatedPayload {
  readonly invitationId: string;
  readonly projectId: string;
  /** The number the platform names the project by (its links); null when the project is gone. */
  readonly projectNumericId: number | null;
  /** The Slack user id of the inviter when they are an account linked to Slack, else null. */
  readonly inviterSlackUserId: string | null;
  readonly projectName: string;
  /** The project requires MFA (the DM says so up front). */
  readonly projectRequiresMfa: boolean;
  readonly role: Role;
  readonly invitedBy: string;
  readonly reason: string | null;
  readonly expiresAt: string;
}

/** Payload of the `invitation.answered` outbox entry: updates the original DM. */
export interface InvitationAnsweredPayload extends InvitationCreatedPayload {
  readonly outcome: 'accepted' | 'declined';
  readonly answeredAt: string;
  /** Accepted by someone who was a member already: closed, the membership unchanged. */
  readonly alreadyMember?: true;
}

/** Payload of the `invitation.cancelled` outbox entry: updates the original DM. */
export interface InvitationCancelledPayload extends InvitationCreatedPayload {
  readonly cancelledAt: string;
}
