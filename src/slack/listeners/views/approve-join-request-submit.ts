import { isAccountError, ROLES, type AccountSummary, type Role } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { ACTION, BLOCK } from '../../ids.ts';
import { errorText } from '../../messages.ts';
import { field, ITEM_ID_MAX_LENGTH } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { refreshParentList } from '../../surfaces/parent-list.ts';
import { decodeFormMetadata } from '../../views/form-metadata.ts';
import { joinRequestApprovedModal } from '../../views/join-requests.ts';
import { noticeModal } from '../../views/notice.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { refreshAdminDm, SETTLED } from '../actions/answer-join-request.ts';
import { logFailure } from '../../log.ts';
import { formSubmission, type FormFlow, type FormOutcome } from './form-submission.ts';

const TITLE = 'Approve request';

/** Runs each refresh after an answer, on its own: one Slack refusing (a deleted DM) does not hold back the others. */
async function eachLogged(deps: SlackDeps, refreshes: readonly (() => Promise<void>)[]): Promise<void> {
  for (const refresh of refreshes) {
    await refresh().catch((error: unknown) => logFailure(deps.logger, 'refreshing Slack after answering a join request', error));
  }
}

/** The request the modal was opened for (private_metadata: a hint only), or null when implausible. */
function requestIdOf(view: unknown): string | null {
  const value = decodeFormMetadata(field(view, 'private_metadata')).item;
  return value !== null && value.length <= ITEM_ID_MAX_LENGTH && /^[A-Za-z0-9_:-]+$/.test(value) ? value : null;
}

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
  const requestId = requestIdOf(view);
  if (!requestId) return { kind: 'view', view: noticeModal(TITLE, ':warning: This window names no join request. Nothing changed.') };
  const role = roleOf(view);
  if (!role) return { kind: 'errors', errors: { [BLOCK.approveRole]: 'Choose one of the roles in the list.' } };
  const { core } = deps;
  try {
    const approved = await core.joinRequests.approve(requestId, { accountId: account.id }, { via: 'slack', role });
    return {
      kind: 'view',
      view: joinRequestApprovedModal(approved, role),
      after: (client, user) =>
        eachLogged(deps, [
          () => refreshAdminDm(deps, client, account.id, approved),
          () => publishHome(deps, client, user),
          () => refreshParentList(deps, client, account, view),
        ]),
    };
  } catch (error) {
    if (isAccountError(error, 'INVALID_ROLE')) return { kind: 'errors', errors: { [BLOCK.approveRole]: errorText(error, 'plain') } };
    if (isAccountError(error, 'PROJECT_MFA_REQUIRED')) {
      // The catalogue's words speak to the person joining; here an admin reads them.
      const project = typeof error.details['projectName'] === 'string' ? error.details['projectName'] : 'The project';
      const words = `${escapeMrkdwn(project)} requires multi-factor authentication, and the requester has none: they must enable it before you can approve. The request stays open.`;
      return { kind: 'view', view: noticeModal(TITLE, `:lock: ${words}`) };
    }
    if (!isAccountError(error) || !SETTLED.has(error.code)) throw error;
    // Answered meanwhile (another admin, a second submission) or expired: say so, and take the buttons off this admin's DM.
    const words = errorText(error);
    return {
      kind: 'view',
      view: noticeModal(TITLE, `:warning: ${words}`),
      after: (client, user) =>
        eachLogged(deps, [
          async () => refreshAdminDm(deps, client, account.id, await core.joinRequests.get(account.id, requestId)),
          () => publishHome(deps, client, user),
          () => refreshParentList(deps, client, account, view),
        ]),
    };
  }
}

const APPROVE: FormFlow = { doing: 'approving a join request', title: TITLE, run: approve };

/** Submission of the role choice opened by Approve: see `formSubmission`. */
export function approveJoinRequestSubmit(deps: SlackDeps) {
  return formSubmission(deps, APPROVE);
}
