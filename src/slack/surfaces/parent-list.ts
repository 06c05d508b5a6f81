import type { AccountSummary } from '../../core/index.ts';
import type { SlackClient, SlackDeps } from '../context.ts';
import { slackErrorCode } from '../delivery/slack-errors.ts';
import { field, text } from '../payload.ts';
import { decodeFormMetadata } from '../views/form-metadata.ts';
import { renderListModal } from './modals.ts';

/**
 * After a form pushed on top of a list modal made its change (a request sent over `/kbc
 * requests`, an approval over the requests to answer), re-renders that list for the submitting
 * account, so going back shows the change. The list is named by the form's private_metadata but
 * only updated when it is the view Slack itself names as the form's `previous_view_id` in the
 * signed submission: a forged metadata cannot reach anyone else's view. Sent with the list's hash
 * as it was when the form opened; if Slack says it changed since, it is read and sent again
 * without one (the content is read afresh from the core either way). Nothing for a form opened
 * from the Home tab or a message.
 */
export async function refreshParentList(deps: SlackDeps, client: SlackClient, account: AccountSummary, submitted: unknown): Promise<void> {
  const { parent } = decodeFormMetadata(field(submitted, 'private_metadata'));
  const previous = text(field(submitted, 'previous_view_id'), 64);
  if (!parent || !previous || previous !== parent.viewId) return;
  const render = () => renderListModal(deps, account, parent.callbackId, null, parent.metadata);
  const view = await render();
  if (!view) return;
  try {
    await client.views.update({ view_id: parent.viewId, view, ...(parent.hash ? { hash: parent.hash } : {}) });
  } catch (error) {
    if (slackErrorCode(error) !== 'hash_conflict') throw error;
    deps.logger.info('kbc-account slack: the list under a form changed since the form opened (hash_conflict); updating it again from fresh data');
    const fresh = await render();
    if (fresh) await client.views.update({ view_id: parent.viewId, view: fresh });
  }
}
