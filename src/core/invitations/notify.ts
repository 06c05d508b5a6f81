import type { Invitation } from '../store/schema.ts';
import type { DeepReadonly, StoreReader, StoreTransaction, StoreView } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { iso } from '../shared/time.ts';
import { findAccountByEmail } from '../accounts/model.ts';
import { recordSecurityEvent, type SecurityEventType } from '../security/events.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { INVITATION_SUMMARY_LIST_MAX, INVITATION_SUMMARY_THRESHOLD, invitationRef } from './constants.ts';
import { openInvitationsOf } from './model.ts';
import type { InvitationAnsweredPayload, InvitationCancelledPayload, InvitationCreatedPayload } from './types.ts';

/** What just happened to an invitation, as far as its invitee is concerned. */
export type InvitationChange = 'created' | 'accepted' | 'declined' | 'cancelled';

/** More about the change: `alreadyMember` when an accept found the account in the project already. */
export interface NotifyOptions {
  readonly alreadyMember?: boolean;
}

const EVENT: Record<InvitationChange, SecurityEventType> = {
  created: 'invitation.received',
  accepted: 'invitation.accepted',
  declined: 'invitation.declined',
  cancelled: 'invitation.cancelled',
};

async function basePayload(reader: StoreReader, invitation: DeepReadonly<Invitation>): Promise<InvitationCreatedPayload> {
  const view = reader as StoreView;
  const project = await view.get('projects', invitation.projectId);
  // An inviter linked to Slack is shown as a mention there (only their Slack user id is passed).
  const inviterLink = invitation.invitedBy.type === 'account' ? await view.get('slackLinks', invitation.invitedBy.id) : null;
  return {
    invitationId: invitation.id,
    projectId: invitation.projectId,
    projectNumericId: project?.numericId ?? null,
    inviterSlackUserId: inviterLink?.userId ?? null,
    projectName: project?.name ?? invitation.projectId,
    projectRequiresMfa: Boolean(project?.mfaRequired),
    role: invitation.role,
    invitedBy: invitation.invitedBy.label,
    reason: invitation.reason,
    expiresAt: invitation.expiresAt,
  };
}

async function outboxFor(reader: StoreReader, invitation: DeepReadonly<Invitation>, change: InvitationChange, now: Date, options: NotifyOptions = {}) {
  const base = await basePayload(reader, invitation);
  switch (change) {
    case 'created':
      return { kind: 'invitation.created' as const, payload: { ...base } };
    case 'accepted':
    case 'declined': {
      const payload: InvitationAnsweredPayload = { ...base, outcome: change, answeredAt: iso(now), ...(options.alreadyMember ? { alreadyMember: true as const } : {}) };
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
export async function notifyInvitee(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  invitation: DeepReadonly<Invitation>,
  change: InvitationChange,
  options: NotifyOptions = {},
): Promise<void> {
  const account = await findAccountByEmail(tx, invitation.email);
  if (!account) return;
  await recordSecurityEvent(tx, now, random, account.id, EVENT[change], {
    invitationId: invitation.id,
    projectId: invitation.projectId,
    projectName: (await tx.get('projects', invitation.projectId))?.name ?? null,
    role: invitation.role,
    invitedBy: invitation.invitedBy.label,
  });
  const { kind, payload } = await outboxFor(tx, invitation, change, now, options);
  await enqueueOutbox(tx, now, random, { accountId: account.id, kind, ref: invitationRef(invitation.id), payload });
}

/** The pending, unexpired invitations addressed to `email`, oldest first. */
async function waitingInvitations(reader: StoreReader, email: string, now: Date): Promise<DeepReadonly<Invitation>[]> {
  return openInvitationsOf(reader, email, now);
}

/**
 * A new account inherits the invitations that waited for its email: each is recorded in its
 * security activity as received now. Inside the account-creating transaction.
 */
export async function adoptWaitingInvitations(tx: StoreTransaction, now: Date, random: Random, email: string): Promise<void> {
  for (const invitation of await waitingInvitations(tx, email, now)) await notifyInvitee(tx, now, random, invitation, 'created');
}

/**
 * A newly linked Slack user gets a DM for each pending invitation that has no Slack message yet,
 * so it can be answered from Slack; with more than INVITATION_SUMMARY_THRESHOLD of them, one DM
 * listing them instead (answered in the invitations modal it opens: a DM per invitation would be
 * a burst over Slack's per-channel rate). Inside the linking transaction, after the link is stored.
 */
export async function queueWaitingInvitations(tx: StoreTransaction, now: Date, random: Random, accountId: string, email: string): Promise<void> {
  const unsent: DeepReadonly<Invitation>[] = [];
  for (const invitation of await waitingInvitations(tx, email, now)) {
    const ref = invitationRef(invitation.id);
    // The messages about one invitation (the `ref` index) are a handful: created, then answered.
    const queued = (await tx.find('outbox', 'ref', ref)).some((entry) => entry.accountId === accountId && entry.status === 'pending');
    if (queued || (await tx.get('slackMessages', ref))) continue;
    unsent.push(invitation);
  }
  if (unsent.length > INVITATION_SUMMARY_THRESHOLD) {
    const listed = [];
    for (const invitation of unsent.slice(0, INVITATION_SUMMARY_LIST_MAX)) listed.push(await basePayload(tx, invitation));
    await enqueueOutbox(tx, now, random, {
      accountId,
      kind: 'invitation.summary',
      ref: `invitation-summary:${accountId}:${iso(now)}`,
      payload: { count: unsent.length, invitations: listed },
    });
    return;
  }
  for (const invitation of unsent) {
    const { kind, payload } = await outboxFor(tx, invitation, 'created', now);
    await enqueueOutbox(tx, now, random, { accountId, kind, ref: invitationRef(invitation.id), payload });
  }
}
