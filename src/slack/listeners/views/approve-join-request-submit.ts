import { isAccountError, ROLES, type AccountSummary, type Role } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { ACTION, BLOCK } from '../../ids.ts';
import { errorText } from '../../messages.ts';
import { field } from '../../payload.ts';
import { joinRequestApprovedModal } from '../../views/join-requests.ts';
import { noticeModal } from '../../views/notice.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { formSubmission, type FormFlow, type FormOutcome } from './form-submission.ts';
import { answeredRequestIdOf, namesNoRequest, refreshAfterAnswer, settledOutcome } from './join-request-answer.ts';

const TITLE = 'Approve request';

/** The role picked, or null when it is none the core knows (a forged submission). */
function roleOf(view: unknown): Role | null {
  const value = field(view, 'state', 'values', BLOCK.approveRole, ACTION.approveRole, 'selected_option', 'value');
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}

/**
 * Approves with the role picked. The core checks again that the submitting account is an admin of
 * the project and that the request is still open: a forged submission (another request's id in
 * private_metadata, someone else's) changes nothing. Afterwards the admin's own DM about the
 * request loses its buttons at once (found by its outbox ref), the Home tab is republished, and
 * the requests to answer modal under the choice (when it was opened there) is re-rendered; the
 * other admins' DMs and Home tabs follow through the outbox.
 */
async function approve(deps: SlackDeps, account: AccountSummary, view: unknown): Promise<FormOutcome> {
  const requestId = answeredRequestIdOf(view);
  if (!requestId) return namesNoRequest(TITLE);
  const role = roleOf(view);
  if (!role) return { kind: 'errors', errors: { [BLOCK.approveRole]: 'Choose one of the roles in the list.' } };
  const { core } = deps;
  try {
    const approved = await core.joinRequests.approve(requestId, { accountId: account.id }, { via: 'slack', role });
    return { kind: 'view', view: joinRequestApprovedModal(approved, role), after: refreshAfterAnswer(deps, account, view, async () => approved) };
  } catch (error) {
    if (isAccountError(error, 'INVALID_ROLE')) return { kind: 'errors', errors: { [BLOCK.approveRole]: errorText(error, 'plain') } };
    if (isAccountError(error, 'PROJECT_MFA_REQUIRED')) {
      // The catalogue's words speak to the person joining; here an admin reads them.
      const project = typeof error.details['projectName'] === 'string' ? error.details['projectName'] : 'The project';
      const words = `${escapeMrkdwn(project)} requires multi-factor authentication, and the requester has none: they must enable it before you can approve. The request stays open.`;
      return { kind: 'view', view: noticeModal(TITLE, `:lock: ${words}`) };
    }
    const settled = settledOutcome(deps, account, view, TITLE, requestId, error);
    if (settled) return settled;
    throw error;
  }
}

const APPROVE: FormFlow = { doing: 'approving a join request', title: TITLE, run: approve };

/** Submission of the role choice opened by Approve: see `formSubmission`. */
export function approveJoinRequestSubmit(deps: SlackDeps) {
  return formSubmission(deps, APPROVE);
}
