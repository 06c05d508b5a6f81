import type { ClaimedOutboxEntry } from '../../core/index.ts';
import { field, text } from '../payload.ts';
import { projectUrlOf, type InvitationInfo, type InvitationSummaryInfo } from '../views/invitations.ts';
import { JOIN_REQUEST_STATES, type JoinRequestState } from '../../core/index.ts';
import type { JoinRequestInfo } from '../views/join-requests.ts';
import type { NotificationInfo } from '../views/notifications.ts';
import type { ExpiringTokenInfo } from '../views/tokens.ts';
import type { UnlinkedInfo } from '../views/notice.ts';
import type { MembershipExpiringInfo, MfaDeadlineInfo } from '../views/reminders.ts';

type OutboxKind = ClaimedOutboxEntry['entry']['kind'];

/**
 * The outbox payloads, checked: an entry is rendered only from fields of the expected types, so a
 * payload from an older or newer writer cannot crash the sender (it is given up instead).
 */
export type OutboxMessage =
  | { readonly kind: 'invitation.created'; readonly info: InvitationInfo }
  | {
      readonly kind: 'invitation.answered';
      readonly info: InvitationInfo;
      readonly outcome: 'accepted' | 'declined';
      readonly at: string;
      /** Accepted by someone who was a member already: closed, the membership unchanged. */
      readonly alreadyMember: boolean;
    }
  | { readonly kind: 'invitation.cancelled'; readonly info: InvitationInfo; readonly at: string }
  | { readonly kind: 'join-request.created' | 'join-request.answered'; readonly info: JoinRequestInfo }
  | { readonly kind: 'invitation.summary'; readonly summary: InvitationSummaryInfo }
  | { readonly kind: 'notification.published'; readonly info: NotificationInfo }
  | { readonly kind: 'token.expiring'; readonly info: ExpiringTokenInfo }
  | { readonly kind: 'membership.expiring'; readonly projectId: string; readonly info: MembershipExpiringInfo }
  | { readonly kind: 'project.mfa-required'; readonly projectId: string; readonly info: MfaDeadlineInfo }
  | { readonly kind: 'slack.linked'; readonly email: string }
  | { readonly kind: 'slack.unlinked'; readonly info: UnlinkedInfo };

const LONG = 5000;

function invitationInfo(payload: unknown): InvitationInfo | null {
  const invitationId = text(field(payload, 'invitationId'));
  const projectName = text(field(payload, 'projectName'), LONG);
  const role = text(field(payload, 'role'));
  const invitedBy = text(field(payload, 'invitedBy'), LONG);
  const expiresAt = text(field(payload, 'expiresAt'));
  const reason = field(payload, 'reason');
  if (!invitationId || !projectName || !role || !invitedBy || !expiresAt) return null;
  const projectNumericId = field(payload, 'projectNumericId');
  return {
    invitationId,
    projectName,
    role,
    invitedBy,
    expiresAt,
    reason: typeof reason === 'string' && reason !== '' ? reason : null,
    ...(field(payload, 'projectRequiresMfa') === true ? { projectRequiresMfa: true } : {}),
    inviterSlackUserId: text(field(payload, 'inviterSlackUserId'), 40),
    ...(typeof projectNumericId === 'number' && Number.isSafeInteger(projectNumericId) && projectNumericId > 0 ? { projectNumericId } : {}),
  };
}

/** A positive safe integer, or null. */
function numericIdOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

function joinRequestInfo(payload: unknown): JoinRequestInfo | null {
  const requestId = text(field(payload, 'requestId'));
  const projectName = text(field(payload, 'projectName'), LONG);
  const requester = text(field(payload, 'requester'), LONG);
  const expiresAt = text(field(payload, 'expiresAt'));
  const status = field(payload, 'status');
  const reason = field(payload, 'reason');
  const days = field(payload, 'membershipDays');
  const lifetime = text(field(payload, 'membershipLifetime'), LONG);
  if (!requestId || !projectName || !requester || !expiresAt || !(JOIN_REQUEST_STATES as readonly unknown[]).includes(status)) return null;
  return {
    requestId,
    projectName,
    requester,
    expiresAt,
    status: status as JoinRequestState,
    reason: typeof reason === 'string' && reason !== '' ? reason : null,
    membershipDays: typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : null,
    ...(lifetime ? { membershipLifetime: lifetime } : {}),
    answeredBy: text(field(payload, 'answeredBy'), LONG) || null,
    answeredAt: text(field(payload, 'answeredAt')) || null,
  };
}

/**
 * The message with its projects linked to their pages under `projectBaseUrl` (the operator's
 * KBC_PROJECT_BASE_URL) plus their numeric ids; unchanged without a base URL.
 */
export function withProjectLinks(message: OutboxMessage, projectBaseUrl: string | null | undefined): OutboxMessage {
  if (!projectBaseUrl) return message;
  const link = (info: InvitationInfo): InvitationInfo => (info.projectNumericId ? { ...info, projectUrl: projectUrlOf(projectBaseUrl, info.projectNumericId) } : info);
  switch (message.kind) {
    case 'invitation.created':
    case 'invitation.answered':
    case 'invitation.cancelled':
      return { ...message, info: link(message.info) };
    case 'invitation.summary':
      return { ...message, summary: { ...message.summary, invitations: message.summary.invitations.map(link) } };
    default:
      return message;
  }
}

/** The checked message of an outbox entry, or null when its payload is unusable. */
export function readOutboxMessage(kind: OutboxKind, payload: unknown): OutboxMessage | null {
  switch (kind) {
    case 'invitation.created': {
      const info = invitationInfo(payload);
      return info && { kind, info };
    }
    case 'invitation.answered': {
      const info = invitationInfo(payload);
      const outcome = field(payload, 'outcome');
      const at = text(field(payload, 'answeredAt'));
      const alreadyMember = field(payload, 'alreadyMember') === true;
      return info && at && (outcome === 'accepted' || outcome === 'declined') ? { kind, info, outcome, at, alreadyMember } : null;
    }
    case 'invitation.cancelled': {
      const info = invitationInfo(payload);
      const at = text(field(payload, 'cancelledAt'));
      return info && at ? { kind, info, at } : null;
    }
    case 'join-request.created':
    case 'join-request.answered': {
      const info = joinRequestInfo(payload);
      return info && { kind, info };
    }
    case 'invitation.summary': {
      const count = field(payload, 'count');
      const listed = field(payload, 'invitations');
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || !Array.isArray(listed)) return null;
      const invitations = (listed as unknown[]).map(invitationInfo);
      return invitations.every((info) => info !== null) ? { kind, summary: { count, invitations: invitations as InvitationInfo[] } } : null;
    }
    case 'notification.published': {
      const notificationId = text(field(payload, 'notificationId'));
      const title = text(field(payload, 'title'), LONG);
      const type = text(field(payload, 'kind'));
      if (!notificationId || !title || !type) return null;
      return { kind, info: { notificationId, title, kind: type, message: null, link: null, publishedAt: null } };
    }
    case 'token.expiring': {
      const description = text(field(payload, 'description'), LONG);
      const hint = text(field(payload, 'hint'));
      const expiresAt = text(field(payload, 'expiresAt'));
      const tokenId = text(field(payload, 'tokenId'));
      return description && hint && expiresAt ? { kind, info: { description, hint, expiresAt, tokenId } } : null;
    }
    case 'membership.expiring': {
      const projectId = text(field(payload, 'projectId'));
      const projectName = text(field(payload, 'projectName'), LONG);
      const expiresAt = text(field(payload, 'expiresAt'));
      if (!projectId || !projectName || !expiresAt) return null;
      return { kind, projectId, info: { projectName, expiresAt, projectNumericId: numericIdOf(field(payload, 'projectNumericId')) } };
    }
    case 'project.mfa-required': {
      const projectId = text(field(payload, 'projectId'));
      const projectName = text(field(payload, 'projectName'), LONG);
      const deadline = text(field(payload, 'deadline'));
      if (!projectId || !projectName || !deadline) return null;
      return { kind, projectId, info: { projectName, deadline, projectNumericId: numericIdOf(field(payload, 'projectNumericId')) } };
    }
    case 'slack.linked': {
      const email = text(field(payload, 'email'), LONG);
      return email ? { kind, email } : null;
    }
    case 'slack.unlinked': {
      const email = text(field(payload, 'email'), LONG);
      const reason = field(payload, 'reason');
      const at = text(field(payload, 'at'));
      return email && at && (reason === 'replaced' || reason === 'account' || reason === 'operator') ? { kind, info: { email, reason, at } } : null;
    }
  }
}
