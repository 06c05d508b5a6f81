import type { z } from 'zod';
import type { AccountNotificationView, InvitationView, JoinRequestView, ProjectView, RedemptionView, TokenView, VerifiedToken } from '../core/index.ts';
import type { invitationSchema, joinRequestSchema, notificationSchema, projectSchema, promoRedemptionSchema, tokenSchema, verifiedTokenSchema } from './schemas.ts';

/* The core's views in Keboola's field names and numeric ids: pure functions, tested as data. */

export function presentVerifiedToken(token: TokenView, account: VerifiedToken['account']): z.infer<typeof verifiedTokenSchema> {
  return {
    id: token.numericId,
    description: token.description,
    created: token.createdAt,
    lastUsed: token.lastUsedAt,
    expires: token.expiresAt,
    isSessionToken: false,
    isExpired: token.expired,
    // A token is valid or gone: deleting is the only way to disable one.
    isDisabled: false,
    // Every token acts with all of its owner's rights in this API: no scopes to narrow it.
    scopes: [],
    type: 'admin',
    // Tokens are created by their owner, in the dashboard or Slack.
    creator: { id: account.numericId, name: account.name },
    user: { id: account.numericId, name: account.name, email: account.email, mfaEnabled: account.mfaEnabled, features: [], canAccessLogs: false, isSuperAdmin: false },
  };
}

export function presentToken(token: TokenView): z.infer<typeof tokenSchema> {
  return {
    id: token.numericId,
    description: token.description,
    hint: token.hint,
    created: token.createdAt,
    lastUsed: token.lastUsedAt,
    expires: token.expiresAt,
    isExpired: token.expired,
    state: token.state,
    graceUntil: token.graceUntil,
    revokedReason: token.revokedReason,
  };
}

export function presentInvitation(invitation: InvitationView): z.infer<typeof invitationSchema> {
  return {
    id: invitation.numericId,
    created: invitation.createdAt,
    expires: invitation.expiresAt,
    reason: invitation.reason,
    role: invitation.role,
    project: { id: invitation.projectNumericId, name: invitation.projectName },
    creator: { id: invitation.inviter.numericId, name: invitation.inviter.name, email: invitation.inviter.email },
  };
}

/**
 * A join request in Keboola's shape: `expirationSeconds` as asked, `expires` when the membership an
 * approval made ends (null while not approved, or for a membership without an end).
 */
export function presentJoinRequest(request: JoinRequestView): z.infer<typeof joinRequestSchema> {
  const approvedUntil =
    request.status === 'approved' && request.membershipSeconds && request.answeredAt ? new Date(new Date(request.answeredAt).getTime() + request.membershipSeconds * 1000).toISOString() : null;
  return {
    id: request.numericId,
    created: request.createdAt,
    expires: approvedUntil,
    expirationSeconds: request.membershipSeconds,
    requestExpires: request.expiresAt,
    reason: request.reason ?? '',
    status: request.status,
    project: { id: request.projectNumericId, name: request.projectName },
    user: { id: request.accountNumericId, name: request.name, email: request.email },
  };
}

/** `project` as `accountId` (a member) sees it, with that member's role. */
export function presentProject(project: ProjectView, accountId: string): z.infer<typeof projectSchema> {
  const role = project.members.find((member) => member.accountId === accountId)?.role;
  // The core returns only projects the account is a member of (getForAccount, listForAccount).
  if (!role) throw new Error(`presentProject: ${accountId} is not a member of ${project.id}`);
  return {
    id: project.numericId,
    name: project.name,
    role,
    created: project.createdAt,
    expires: project.expiresAt,
    limits: Object.fromEntries(Object.entries(project.limits).map(([name, value]) => [name, { name, value }])),
    usage: Object.fromEntries(Object.entries(project.usage).map(([name, reading]) => [name, { name, value: reading.value, recorded: reading.recordedAt }])),
  };
}

export function presentRedemption(redemption: RedemptionView): z.infer<typeof promoRedemptionSchema> {
  return { code: redemption.code, usedAt: redemption.redeemedAt, project: { id: redemption.projectNumericId, name: redemption.projectName } };
}

export function presentNotification(notification: AccountNotificationView): z.infer<typeof notificationSchema> {
  const { audience } = notification;
  return {
    id: notification.id,
    type: notification.kind,
    created: notification.publishedAt,
    isRead: notification.read,
    title: notification.title,
    message: notification.message,
    ...(audience.type === 'project' ? { project: { id: audience.projectNumericId, name: audience.projectName } } : {}),
  };
}
