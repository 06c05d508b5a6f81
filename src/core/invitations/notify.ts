import type { Document, Invitation } from '../store/schema.ts';
import type { Random } from '../shared/random.ts';
import { iso } from '../shared/time.ts';
import { findAccountByEmail } from '../accounts/model.ts';
import { recordSecurityEvent, type SecurityEventType } from '../security/events.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { invitationRef } from './constants.ts';
import { invitationsOf, stateOf } from './model.ts';
import type { InvitationAnsweredPayload, InvitationCancelledPayload, InvitationCreatedPayload } from './types.ts';
import { peekValues } from '../store/changes.ts';

/** What just happened to an invitation, as far as its invitee is concerned. */
export type InvitationChange = 'created' | 'accepted' | 'declined' | 'cancelled';

const EVENT: Record<InvitationChange, SecurityEventType> = {
  created: 'invitation.received',
  accepted: 'invitation.accepted',
  declined: 'invitation.declined',
  cancelled: 'invitation.cancelled',
};

function basePayload(doc: Document, invitation: Invitation): InvitationCreatedPayload {
  return {
    invitationId: invitation.id,
    projectId: invitation.projectId,
    projectName: doc.projects[invitation.projectId]?.name ?? invitation.projectId,
    role: invitation.role,
    invitedBy: invitation.invitedBy.label,
    reason: invitation.reason,
    expiresAt: invitation.expiresAt,
  };
}

function outboxFor(doc: Document, invitation: Invitation, change: InvitationChange, now: Date) {
  const base = basePayload(doc, invitation);
  switch (change) {
    case 'created':
      return { kind: 'invitation.created' as const, payload: { ...base } };
    case 'accepted':
    case 'declined': {
      const payload: InvitationAnsweredPayload = { ...base, outcome: change, answeredAt: iso(now) };
      return { kind: 'invitation.answered' as const, payload: { ...payload } };
    }
    case 'cancelled': {
      const payload: InvitationCancelledPayload = { ...base, cancelledAt: iso(now) };
      return { kind: 'invitation.cancelled' as const, payload: { ...payload } };
    }
  }
}

/**
 * Records the change in the invitee's security activity and queues its Slack message, inside the
 * caller's transaction. An email with no account yet gets neither: there is nobody to tell, and
 * the invitation shows up in the account's pending list once it exists.
 */
export function notifyInvitee(doc: Document, now: Date, random: Random, invitation: Invitation, change: InvitationChange): void {
  const account = findAccountByEmail(doc, invitation.email);
  if (!account) return;
  recordSecurityEvent(doc, now, random, account.id, EVENT[change], {
    invitationId: invitation.id,
    projectId: invitation.projectId,
    projectName: doc.projects[invitation.projectId]?.name ?? null,
    role: invitation.role,
    invitedBy: invitation.invitedBy.label,
  });
  const { kind, payload } = outboxFor(doc, invitation, change, now);
  enqueueOutbox(doc, now, random, { accountId: account.id, kind, ref: invitationRef(invitation.id), payload });
}

/** The pending, unexpired invitations addressed to `email`, oldest first. */
function waitingInvitations(doc: Document, email: string, now: Date): Invitation[] {
  return invitationsOf(doc, email)
    .filter((invitation) => stateOf(invitation, now) === 'pending')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * A new account inherits the invitations that waited for its email: each is recorded in its
 * security activity as received now. Inside the account-creating transaction.
 */
export function adoptWaitingInvitations(doc: Document, now: Date, random: Random, email: string): void {
  for (const invitation of waitingInvitations(doc, email, now)) notifyInvitee(doc, now, random, invitation, 'created');
}

/**
 * A newly linked Slack user gets a DM for each pending invitation that has no Slack message yet,
 * so it can be answered from Slack. Inside the linking transaction, after the link is stored.
 */
export function queueWaitingInvitations(doc: Document, now: Date, random: Random, accountId: string, email: string): void {
  for (const invitation of waitingInvitations(doc, email, now)) {
    const ref = invitationRef(invitation.id);
    const queued = peekValues(doc.outbox).some((entry) => entry.ref === ref && entry.accountId === accountId && entry.status === 'pending');
    if (doc.slackMessages[ref] || queued) continue;
    const { kind, payload } = outboxFor(doc, invitation, 'created', now);
    enqueueOutbox(doc, now, random, { accountId, kind, ref, payload });
  }
}
