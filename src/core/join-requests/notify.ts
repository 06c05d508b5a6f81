import type { JoinRequest } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { insertNotification } from '../notifications/model.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { joinRequestRef } from './constants.ts';
import { lifetimeOf, requestState } from './model.ts';
import type { JoinRequestPayload } from './types.ts';

/** The admins of the project the request is for: whom it goes to, and whose DMs an answer updates. */
async function adminsOf(tx: StoreTransaction, projectId: string): Promise<string[]> {
  const project = await tx.peek.get('projects', projectId);
  return Object.entries(project?.members ?? {})
    .filter(([, member]) => member.role === 'admin')
    .map(([accountId]) => accountId)
    .sort();
}

async function payloadOf(tx: StoreTransaction, request: DeepReadonly<JoinRequest>, now: Date): Promise<JoinRequestPayload> {
  const project = await tx.peek.get('projects', request.projectId);
  const account = await tx.peek.get('accounts', request.accountId);
  return {
    requestId: request.id,
    projectId: request.projectId,
    projectName: project?.name ?? request.projectId,
    requester: account ? `${account.name} (${account.email})` : request.accountId,
    reason: request.reason,
    ...lifetimeOf(request.membershipSeconds),
    expiresAt: request.expiresAt,
    status: requestState(request, now),
    answeredBy: request.answeredBy?.label ?? null,
    answeredAt: request.answeredAt,
  };
}

/**
 * A new request reaches the project's admins: one notification in their bells, and a Slack DM
 * with Approve / Reject for each linked admin (each DM its own ref, so each is updated later).
 */
export async function tellAdminsOfRequest(tx: StoreTransaction, now: Date, random: Random, request: DeepReadonly<JoinRequest>): Promise<void> {
  const admins = await adminsOf(tx, request.projectId);
  if (admins.length === 0) return;
  const payload = await payloadOf(tx, request, now);
  await insertNotification(tx, now, random, {
    kind: 'announcement',
    title: `${payload.requester} asks to join ${payload.projectName}`,
    message:
      `${payload.requester} asks to join ${payload.projectName}` +
      (request.reason ? ` ("${request.reason}")` : '') +
      `${payload.membershipLifetime ? ` for ${payload.membershipLifetime}` : ''}. Approve or reject it under Projects › Join requests, or from Slack, before ${request.expiresAt.slice(0, 10)}.`,
    link: null,
    expiresAt: new Date(request.expiresAt),
    audience: { type: 'accounts', accountIds: admins },
    source: 'system',
    // The join-request DM below carries the buttons; one DM is enough.
    slackFanOut: false,
  });
  for (const admin of admins) {
    await enqueueOutbox(tx, now, random, { accountId: admin, kind: 'join-request.created', ref: joinRequestRef(request.id, admin), payload: { ...payload } });
  }
}

/**
 * An answered, cancelled or expired request: the DM of every admin that got one (a Slack message
 * or a queued entry under its ref) is updated, and the requester is told of an approval or rejection.
 */
export async function tellOfAnswer(tx: StoreTransaction, now: Date, random: Random, request: DeepReadonly<JoinRequest>): Promise<void> {
  const payload = await payloadOf(tx, request, now);
  const project = await tx.peek.get('projects', request.projectId);
  for (const admin of await adminsOf(tx, request.projectId)) {
    const ref = joinRequestRef(request.id, admin);
    if (!(await tx.peek.get('slackMessages', ref)) && (await tx.peek.find('outbox', 'ref', ref)).length === 0) continue;
    await enqueueOutbox(tx, now, random, { accountId: admin, kind: 'join-request.answered', ref, payload: { ...payload } });
  }
  if (payload.status !== 'approved' && payload.status !== 'rejected') return;
  const name = project?.name ?? request.projectId;
  await insertNotification(tx, now, random, {
    kind: 'announcement',
    title: payload.status === 'approved' ? `You joined ${name}` : `Your request to join ${name} was rejected`,
    message:
      payload.status === 'approved'
        ? `${payload.answeredBy ?? 'An admin'} approved your request: you are now a member of ${name}` +
          (request.approvedRole ? ` (${request.approvedRole})` : '') +
          (payload.membershipLifetime ? ` for ${payload.membershipLifetime}.` : '.')
        : `${payload.answeredBy ?? 'An admin'} rejected your request to join ${name}` +
          (request.rejectionReason ? `: "${request.rejectionReason}".` : '.') +
          ' Ask one of its admins if you think this is a mistake.',
    link: null,
    expiresAt: null,
    audience: { type: 'accounts', accountIds: [request.accountId] },
    source: 'system',
  });
}
