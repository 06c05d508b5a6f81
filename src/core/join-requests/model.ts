import type { JoinRequest } from '../store/schema.ts';
import type { DeepReadonly, EntryFrom, StoreReader, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { isPast } from '../shared/time.ts';
import { checkText, textProblemMessage } from '../shared/text.ts';
import { JOIN_REQUEST_REASON_MAX_LENGTH } from './constants.ts';
import type { JoinRequestState, JoinRequestView } from './types.ts';

/** The stored status, with `pending` past its expiry reported as `expired`. */
export function requestState(request: DeepReadonly<JoinRequest>, now: Date): JoinRequestState {
  return request.status === 'pending' && isPast(request.expiresAt, now) ? 'expired' : request.status;
}

/** The trimmed reason (null when blank), or INVALID_INPUT. */
export function validRequestReason(reason: string | null | undefined): string | null {
  const rule = { min: 0, max: JOIN_REQUEST_REASON_MAX_LENGTH, multiline: true };
  const { text, length, problem } = checkText(reason ?? '', rule);
  if (problem) throw new AccountError('INVALID_INPUT', textProblemMessage('The reason', problem, rule, length), { field: 'reason', max: JOIN_REQUEST_REASON_MAX_LENGTH });
  return text === '' ? null : text;
}

export async function toJoinRequestView(reader: StoreReader, request: DeepReadonly<JoinRequest>, now: Date): Promise<JoinRequestView> {
  const view = reader as StoreView;
  const project = await view.get('projects', request.projectId);
  const account = await view.get('accounts', request.accountId);
  return {
    id: request.id,
    numericId: request.numericId,
    accountNumericId: account?.numericId ?? null,
    projectId: request.projectId,
    projectName: project?.name ?? '(deleted project)',
    projectNumericId: project?.numericId ?? null,
    accountId: request.accountId,
    email: account?.email ?? '(deleted)',
    name: account?.name ?? '(deleted)',
    reason: request.reason,
    membershipDays: request.membershipDays,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    status: requestState(request, now),
    answeredAt: request.answeredAt,
    answeredBy: request.answeredBy?.label ?? null,
  };
}

/** The request `requestId`, or JOIN_REQUEST_NOT_FOUND. */
export async function requireJoinRequest<R extends StoreReader>(reader: R, requestId: string): Promise<EntryFrom<R, 'joinRequests'>> {
  const request = typeof requestId === 'string' ? await (reader as StoreView).get('joinRequests', requestId) : null;
  if (!request) throw new AccountError('JOIN_REQUEST_NOT_FOUND', 'No such join request.', { requestId: String(requestId) });
  return request as EntryFrom<R, 'joinRequests'>;
}

/** Throws unless the request can still be answered or cancelled. */
export function assertRequestOpen(request: DeepReadonly<JoinRequest>, now: Date, projectName: string): void {
  const state = requestState(request, now);
  const details = { requestId: request.id, status: state, answeredAt: request.answeredAt, expiresAt: request.expiresAt, answeredBy: request.answeredBy?.label ?? null };
  switch (state) {
    case 'pending':
      return;
    case 'expired':
      throw new AccountError('JOIN_REQUEST_EXPIRED', `The request to join ${projectName} expired on ${request.expiresAt}.`, details);
    case 'cancelled':
      throw new AccountError('JOIN_REQUEST_ALREADY_ANSWERED', `The request to join ${projectName} was cancelled on ${request.answeredAt}.`, details);
    case 'approved':
    case 'rejected':
      throw new AccountError(
        'JOIN_REQUEST_ALREADY_ANSWERED',
        `The request to join ${projectName} was already ${state} by ${request.answeredBy?.label ?? 'someone'} on ${request.answeredAt}.`,
        details,
      );
  }
}
