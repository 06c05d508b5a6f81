import type { JoinRequest } from '../store/schema.ts';
import type { DeepReadonly, EntryFrom, StoreReader, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { isPast } from '../shared/time.ts';
import { checkText, textProblemMessage } from '../shared/text.ts';
import { durationInWords } from '../shared/duration.ts';
import { validMembershipDays, validMembershipSeconds } from '../projects/membership.ts';
import { JOIN_REQUEST_REASON_MAX_LENGTH } from './constants.ts';
import type { JoinRequestState, JoinRequestView } from './types.ts';

/** The stored status, with `pending` past its expiry reported as `expired`. */
export function requestState(request: DeepReadonly<JoinRequest>, now: Date): JoinRequestState {
  return request.status === 'pending' && isPast(request.expiresAt, now) ? 'expired' : request.status;
}

/** The trimmed reason (null when blank), or INVALID_INPUT naming `field`. */
export function validRequestReason(reason: string | null | undefined, field = 'reason'): string | null {
  const rule = { min: 0, max: JOIN_REQUEST_REASON_MAX_LENGTH, multiline: true };
  const { text, length, problem } = checkText(reason ?? '', rule);
  if (problem) throw new AccountError('INVALID_INPUT', textProblemMessage('The reason', problem, rule, length), { field, max: JOIN_REQUEST_REASON_MAX_LENGTH });
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
    ...lifetimeOf(request.membershipSeconds),
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    status: requestState(request, now),
    answeredAt: request.answeredAt,
    answeredBy: request.answeredBy?.label ?? null,
    rejectionReason: request.rejectionReason ?? null,
    approvedRole: request.approvedRole ?? null,
  };
}

/** A request's membership lifetime as views and payloads carry it: seconds, whole days when it is, words. */
export function lifetimeOf(seconds: number | null): { membershipSeconds: number | null; membershipDays: number | null; membershipLifetime: string | null } {
  if (!seconds) return { membershipSeconds: null, membershipDays: null, membershipLifetime: null };
  return { membershipSeconds: seconds, membershipDays: seconds % SECONDS_PER_DAY === 0 ? seconds / SECONDS_PER_DAY : null, membershipLifetime: durationInWords(seconds) };
}

const SECONDS_PER_DAY = 86_400;

/**
 * The lifetime an approval gives, in seconds, from what a front end asked for: days (the
 * dashboard, Slack, the CLI) or seconds (the Management API), not both; null: no end.
 */
export function validRequestLifetime(input: { readonly membershipDays?: number | null; readonly membershipSeconds?: number | null }): number | null {
  const { membershipDays: days, membershipSeconds: seconds } = input;
  if (days != null && seconds != null) {
    throw new AccountError('INVALID_INPUT', 'Give the membership lifetime in days or in seconds, not both.', { field: 'membershipSeconds' });
  }
  if (seconds != null) return validMembershipSeconds(seconds);
  if (days != null) return validMembershipDays(days, 'membershipDays') * SECONDS_PER_DAY;
  return null;
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
