/** What the Approve and Reject windows share on submission: the request they name, and the refreshes after an answer. */
import { isAccountError, type AccountSummary, type JoinRequestView, type SlackUser } from '../../../core/index.ts';
import type { SlackClient, SlackDeps } from '../../context.ts';
import { logFailure } from '../../log.ts';
import { errorText } from '../../messages.ts';
import { field, ITEM_ID_MAX_LENGTH } from '../../payload.ts';
import { publishHome } from '../../surfaces/home.ts';
import { refreshParentList } from '../../surfaces/parent-list.ts';
import { decodeFormMetadata } from '../../views/form-metadata.ts';
import { noticeModal } from '../../views/notice.ts';
import { refreshAdminDm, SETTLED } from '../actions/answer-join-request.ts';
import type { FormOutcome } from './form-submission.ts';

/** The request the window was opened for (private_metadata: a hint only), or null when implausible. */
export function answeredRequestIdOf(view: unknown): string | null {
  const value = decodeFormMetadata(field(view, 'private_metadata')).item;
  return value !== null && value.length <= ITEM_ID_MAX_LENGTH && /^[A-Za-z0-9_:-]+$/.test(value) ? value : null;
}

/** The notice for a window that names no request (a forged or mangled private_metadata). */
export const namesNoRequest = (title: string): FormOutcome => ({ kind: 'view', view: noticeModal(title, ':warning: This window names no join request. Nothing changed.') });

/**
 * After an answer (or learning that the request was settled meanwhile): the admin's own DM about
 * it shows how it ended, without buttons (found by its outbox ref), the Home tab is republished,
 * and the list the window was pushed on (the requests to answer) is re-rendered. Each on its own:
 * one Slack refusing (a deleted DM) does not hold back the others. The other admins' DMs and Home
 * tabs follow through the outbox.
 */
export function refreshAfterAnswer(deps: SlackDeps, account: AccountSummary, submitted: unknown, current: () => Promise<JoinRequestView>) {
  return async (client: SlackClient, user: SlackUser): Promise<void> => {
    const refreshes = [
      async () => refreshAdminDm(deps, client, account.id, await current()),
      () => publishHome(deps, client, user),
      () => refreshParentList(deps, client, account, submitted),
    ];
    for (const refresh of refreshes) {
      await refresh().catch((error: unknown) => logFailure(deps.logger, 'refreshing Slack after answering a join request', error));
    }
  };
}

/**
 * A request answered meanwhile (another admin, a second submission) or expired: the window says
 * so, and this admin's DM loses its buttons. Null for any other error.
 */
export function settledOutcome(deps: SlackDeps, account: AccountSummary, submitted: unknown, title: string, requestId: string, error: unknown): FormOutcome | null {
  if (!isAccountError(error) || !SETTLED.has(error.code)) return null;
  return {
    kind: 'view',
    view: noticeModal(title, `:warning: ${errorText(error)}`),
    after: refreshAfterAnswer(deps, account, submitted, () => deps.core.joinRequests.get(account.id, requestId)),
  };
}
