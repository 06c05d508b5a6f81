import type { Document, Invitation } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { checkText } from '../shared/text.ts';
import { isPast } from '../shared/time.ts';
import { defineIndex, entriesOf } from '../store/changes.ts';
import { requireAccount } from '../accounts/model.ts';
import { requireProject } from '../projects/model.ts';
import {
  INVITATION_MAX_EXPIRY_DAYS,
  INVITATION_MIN_EXPIRY_DAYS,
  INVITATION_REASON_MAX_LENGTH,
  OPERATOR_INVITER,
} from './constants.ts';
import type { InvitationState, InvitationView } from './types.ts';

type Inviter = Invitation['invitedBy'];

/** A whole number of days in the allowed range, or INVALID_INPUT. */
export function validExpiryDays(days: number): number {
  if (!Number.isInteger(days) || days < INVITATION_MIN_EXPIRY_DAYS || days > INVITATION_MAX_EXPIRY_DAYS) {
    throw new AccountError(
      'INVALID_INPUT',
      `An invitation must expire in ${INVITATION_MIN_EXPIRY_DAYS}–${INVITATION_MAX_EXPIRY_DAYS} whole days; got ${days}.`,
      { expiresInDays: days, min: INVITATION_MIN_EXPIRY_DAYS, max: INVITATION_MAX_EXPIRY_DAYS },
    );
  }
  return days;
}

/** The trimmed reason (null when blank), or INVALID_INPUT when too long. */
export function validReason(reason: string | null | undefined): string | null {
  const { text, problem } = checkText(reason ?? '', { min: 0, max: INVITATION_REASON_MAX_LENGTH, multiline: true });
  if (problem === 'control_characters') {
    throw new AccountError('INVALID_INPUT', 'The reason must not contain control characters.', { field: 'reason' });
  }
  if (problem) {
    throw new AccountError('INVALID_INPUT', `The reason must be at most ${INVITATION_REASON_MAX_LENGTH} characters.`, {
      field: 'reason',
      max: INVITATION_REASON_MAX_LENGTH,
    });
  }
  return text === '' ? null : text;
}

/** The stored status, with `pending` past its expiry reported as `expired`. */
export function stateOf(invitation: DeepReadonly<Invitation>, now: Date): InvitationState {
  return invitation.status === 'pending' && isPast(invitation.expiresAt, now) ? 'expired' : invitation.status;
}

export function toInvitationView(doc: Snapshot | Document, invitation: DeepReadonly<Invitation>, now: Date): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    projectId: invitation.projectId,
    projectName: doc.projects[invitation.projectId]?.name ?? '(deleted project)',
    role: invitation.role,
    invitedBy: invitation.invitedBy.label,
    reason: invitation.reason,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    status: stateOf(invitation, now),
    answeredAt: invitation.answeredAt,
  };
}

export function requireInvitation<D extends Snapshot | Document>(doc: D, invitationId: string): D['invitations'][string] {
  const invitation = doc.invitations[invitationId];
  if (!invitation) throw new AccountError('INVITATION_NOT_FOUND', `No invitation has the id ${invitationId}.`, { invitationId });
  return invitation as D['invitations'][string];
}

/**
 * The invitation `accountId` may answer: it must exist and be addressed to the account's email.
 * A foreign invitation is refused without a word about its project, role or state.
 */
export function requireOwnInvitation<D extends Snapshot | Document>(doc: D, accountId: string, invitationId: string): D['invitations'][string] {
  const account = requireAccount(doc, accountId);
  const invitation = requireInvitation(doc, invitationId);
  if (invitation.email !== account.email) {
    throw new AccountError('INVITATION_NOT_YOURS', 'This invitation is addressed to someone else.', { invitationId });
  }
  return invitation;
}

/** Throws unless the invitation is still open: not answered, not cancelled, not expired. */
export function assertOpen(doc: Snapshot | Document, invitation: DeepReadonly<Invitation>, now: Date): void {
  const projectName = doc.projects[invitation.projectId]?.name ?? invitation.projectId;
  const details = { invitationId: invitation.id, status: stateOf(invitation, now), answeredAt: invitation.answeredAt, expiresAt: invitation.expiresAt };
  switch (stateOf(invitation, now)) {
    case 'pending':
      return;
    case 'accepted':
    case 'declined':
      throw new AccountError(
        'INVITATION_ALREADY_ANSWERED',
        `The invitation to ${projectName} was already ${invitation.status} on ${invitation.answeredAt}.`,
        details,
      );
    case 'cancelled':
      throw new AccountError('INVITATION_CANCELLED', `The invitation to ${projectName} was cancelled on ${invitation.answeredAt}.`, details);
    case 'expired':
      throw new AccountError(
        'INVITATION_EXPIRED',
        `The invitation to ${projectName} expired on ${invitation.expiresAt}; ask for a new one.`,
        details,
      );
  }
}

/**
 * Who is inviting: the operator when `accountId` is absent, else an account that must be an
 * `admin` member of the project (NOT_PROJECT_ADMIN otherwise).
 */
export function resolveInviter(doc: Document, projectId: string, accountId: string | undefined): Inviter {
  if (accountId === undefined) return { ...OPERATOR_INVITER };
  const account = requireAccount(doc, accountId);
  assertProjectAdmin(doc, projectId, accountId, 'invite people to it');
  return { type: 'account', id: account.id, label: `${account.name} (${account.email})` };
}

/** Throws NOT_PROJECT_ADMIN unless `accountId` is an `admin` member; `action` completes "Only an admin of P can …". */
export function assertProjectAdmin(doc: Snapshot | Document, projectId: string, accountId: string, action: string): void {
  requireAccount(doc, accountId);
  const project = requireProject(doc, projectId);
  if (project.members[accountId]?.role !== 'admin') {
    throw new AccountError('NOT_PROJECT_ADMIN', `Only an admin of ${project.name} can ${action}.`, { projectId, accountId });
  }
}

const invitationsByEmail = defineIndex('invitations', (invitation) => invitation.email);

/** Every invitation addressed to `email` (normalised), in any state, in the order they were sent. */
export function invitationsOf<D extends Snapshot | Document>(doc: D, email: string): D['invitations'][string][] {
  return entriesOf(doc.invitations as Readonly<Record<string, D['invitations'][string]>>, invitationsByEmail(doc.invitations, email));
}

/** A pending, unexpired invitation of `email` to `projectId`, if there is one. */
export function findOpenInvitation(doc: Document, email: string, projectId: string, now: Date): Invitation | null {
  return invitationsOf(doc, email).find((invitation) => invitation.projectId === projectId && stateOf(invitation, now) === 'pending') ?? null;
}
