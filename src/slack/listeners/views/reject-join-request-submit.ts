import { isAccountError, type AccountSummary } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { ACTION, BLOCK } from '../../ids.ts';
import { field } from '../../payload.ts';
import { joinRequestRejectedModal } from '../../views/join-requests.ts';
import { formSubmission, type FormFlow, type FormOutcome } from './form-submission.ts';
import { answeredRequestIdOf, namesNoRequest, refreshAfterAnswer, settledOutcome } from './join-request-answer.ts';

const TITLE = 'Reject request';

/**
 * Rejects with the reason typed (none when the field was left empty). The core judges the reason
 * (length, control and invisible formatting characters: its own sentence is shown on the field,
 * and nothing changes) and checks again that the submitting account is an admin of the project
 * and that the request is still open: a forged submission (another request's id in
 * private_metadata, a non-admin) changes nothing. The reason goes only to the requester (their
 * notification and its DM) and back to this admin in the window that replaces this one; never to
 * a channel. Afterwards the same refreshes as after an approval.
 */
async function reject(deps: SlackDeps, account: AccountSummary, view: unknown): Promise<FormOutcome> {
  const requestId = answeredRequestIdOf(view);
  if (!requestId) return namesNoRequest(TITLE);
  const raw = field(view, 'state', 'values', BLOCK.rejectReason, ACTION.rejectReason, 'value');
  // A value of another type (a forged submission) is wrong, never taken as "no reason".
  if (raw !== undefined && raw !== null && typeof raw !== 'string') return { kind: 'errors', errors: { [BLOCK.rejectReason]: 'The reason must be text.' } };
  try {
    const rejected = await deps.core.joinRequests.reject(requestId, { accountId: account.id }, { via: 'slack', reason: raw ?? null });
    return { kind: 'view', view: joinRequestRejectedModal(rejected), after: refreshAfterAnswer(deps, account, view, async () => rejected) };
  } catch (error) {
    // The core's sentence names the rule broken ("at most 500 characters; got 612"), never the text.
    if (isAccountError(error, 'INVALID_INPUT') && error.details['field'] === 'reason') return { kind: 'errors', errors: { [BLOCK.rejectReason]: error.message } };
    const settled = settledOutcome(deps, account, view, TITLE, requestId, error);
    if (settled) return settled;
    throw error;
  }
}

const REJECT: FormFlow = { doing: 'rejecting a join request', title: TITLE, run: reject };

/** Submission of the reason window opened by Reject: see `formSubmission`. */
export function rejectJoinRequestSubmit(deps: SlackDeps) {
  return formSubmission(deps, REJECT);
}
