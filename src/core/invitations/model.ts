import type { Invitation } from '../store/schema.ts';
import { PAGE_LIMIT_MAX, type DeepReadonly, type EntryFrom, type StoreReader, type StoreView } from '../store/store.ts';
import { emailProjectKey } from './indexes.ts';
import { AccountError } from '../errors.ts';
import { checkText, isCharacterProblem, textProblemMessage } from '../shared/text.ts';
import { isPast } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';
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

/** The trimmed reason (null when blank), or INVALID_INPUT when too long or holding control or invisible formatting characters. */
export function validReason(reason: string | null | undefined): string | null {
  const rule = { min: 0, max: INVITATION_REASON_MAX_LENGTH, multiline: true };
  const { text, length, problem } = checkText(reason ?? '', rule);
  if (isCharacterProblem(problem)) {
    throw new AccountError('INVALID_INPUT', textProblemMessage('The reason', problem, rule), { field: 'reason' });
  }
  if (problem) {
    throw new AccountError('INVALID_INPUT', textProblemMessage('The reason', problem, rule, length), { field: 'reason', max: INVITATION_REASON_MAX_LENGTH });
  }
  return text === '' ? null : text;
}

/** The stored status, with `pending` past its expiry reported as `expired`. */
export function stateOf(invitation: DeepReadonly<Invitation>, now: Date): InvitationState {
  return invitation.status === 'pending' && isPast(invitation.expiresAt, now) ? 'expired' : invitation.status;
}

/** What front ends see of `invitation`, with its project's name read through `reader`. */
export async function toInvitationView(reader: StoreReader, invitation: DeepReadonly<Invitation>, now: Date): Promise<InvitationView> {
  const project = await (reader as StoreView).get('projects', invitation.projectId);
  const inviterId = invitation.invitedBy.type === 'account' ? invitation.invitedBy.id : null;
  const [inviter, inviterLink] = inviterId ? await Promise.all([(reader as StoreView).get('accounts', inviterId), (reader as StoreView).get('slackLinks', inviterId)]) : [null, null];
  return {
    id: invitation.id,
    numericId: invitation.numericId,
    email: invitation.email,
    projectId: invitation.projectId,
    projectName: project?.name ?? '(deleted project)',
    projectNumericId: project?.numericId ?? null,
    role: invitation.role,
    invitedBy: invitation.invitedBy.label,
    inviter: inviter
      ? { numericId: inviter.numericId, name: inviter.name, email: inviter.email, slackUserId: inviterLink?.userId ?? null }
      : { numericId: null, name: invitation.invitedBy.label, email: null, slackUserId: null },
    reason: invitation.reason,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    status: stateOf(invitation, now),
    answeredAt: invitation.answeredAt,
    projectRequiresMfa: Boolean(project?.mfaRequired),
    membershipDays: invitation.membershipDays ?? null,
  };
}

/** The invitation `invitationId` (the transaction's copy inside a transaction), or INVITATION_NOT_FOUND. */
export async function requireInvitation<R extends StoreReader>(reader: R, invitationId: string): Promise<EntryFrom<R, 'invitations'>> {
  const invitation = await (reader as StoreView).get('invitations', invitationId);
  if (!invitation) throw new AccountError('INVITATION_NOT_FOUND', `No invitation has the id ${invitationId}.`, { invitationId });
  return invitation as EntryFrom<R, 'invitations'>;
}

/**
 * The invitation `accountId` may answer: it must exist and be addressed to the account's email.
 * A foreign invitation is refused without a word about its project, role or state.
 */
export async function requireOwnInvitation<R extends StoreReader>(reader: R, accountId: string, invitationId: string): Promise<EntryFrom<R, 'invitations'>> {
  const account = await requireAccount(reader, accountId);
  const invitation = await requireInvitation(reader, invitationId);
  if (invitation.email !== account.email) {
    throw new AccountError('INVITATION_NOT_YOURS', 'This invitation is addressed to someone else.', { invitationId });
  }
  return invitation;
}

/** Throws unless the invitation is still open: not answered, not cancelled, not expired. */
export async function assertOpen(reader: StoreReader, invitation: DeepReadonly<Invitation>, now: Date): Promise<void> {
  const state = stateOf(invitation, now);
  if (state === 'pending') return;
  const projectName = (await (reader as StoreView).get('projects', invitation.projectId))?.name ?? invitation.projectId;
  const details = { invitationId: invitation.id, status: state, answeredAt: invitation.answeredAt, expiresAt: invitation.expiresAt };
  switch (state) {
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
export async function resolveInviter(reader: StoreReader, projectId: string, accountId: string | undefined): Promise<Inviter> {
  if (accountId === undefined) return { ...OPERATOR_INVITER };
  const account = await requireAccount(reader, accountId);
  await assertProjectAdmin(reader, projectId, accountId, 'invite people to it');
  return { type: 'account', id: account.id, label: `${account.name} (${account.email})` };
}

/** Throws NOT_PROJECT_ADMIN unless `accountId` is an `admin` member; `action` completes "Only an admin of P can …". */
export async function assertProjectAdmin(reader: StoreReader, projectId: string, accountId: string, action: string): Promise<void> {
  await requireAccount(reader, accountId);
  const project = await requireProject(reader, projectId);
  if (ownEntry(project.members, accountId)?.role !== 'admin') {
    throw new AccountError('NOT_PROJECT_ADMIN', `Only an admin of ${project.name} can ${action}.`, { projectId, accountId });
  }
}

/**
 * The pending, unexpired invitations addressed to `email` (normalised), in the order they were
 * sent. Read through the `open` index from `now` on: answered, cancelled and expired ones, which
 * pile up over an invitee's history, are never read. At most OPEN_INVITATIONS_MAX (one per
 * project that invited the address, and not yet answered).
 */
export async function openInvitationsOf<R extends StoreReader>(reader: R, email: string, now: Date): Promise<EntryFrom<R, 'invitations'>[]> {
  const { items } = await (reader as StoreView).page('invitations', 'open', { key: email, from: now.toISOString(), limit: OPEN_INVITATIONS_MAX });
  return (items as EntryFrom<R, 'invitations'>[])
    .filter((invitation) => stateOf(invitation, now) === 'pending')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.numericId - b.numericId);
}

/** The most open invitations of one email a request reads (a page of the `open` index). */
export const OPEN_INVITATIONS_MAX = PAGE_LIMIT_MAX;

/** A pending, unexpired invitation of `email` to `projectId`, if there is one. */
export async function findOpenInvitation(reader: StoreReader, email: string, projectId: string, now: Date): Promise<DeepReadonly<Invitation> | null> {
  const candidates = await (reader as StoreView).find('invitations', 'openForProject', emailProjectKey(email, projectId));
  return candidates.find((invitation) => stateOf(invitation, now) === 'pending') ?? null;
}
