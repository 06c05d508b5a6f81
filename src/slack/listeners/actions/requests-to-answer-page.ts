import type { SlackDeps } from '../../context.ts';
import { firstAction } from '../../payload.ts';
import { requestsToAnswerModal } from '../../views/requests-to-answer.ts';
import { actionListener, updateClickedModal } from './action-context.ts';

/**
 * Previous / Next in the requests to answer modal: the page the button names (a hint, kept within
 * the pages there are now), read afresh for the clicking account. Anywhere but that modal, nothing.
 */
export function requestsToAnswerPage(deps: SlackDeps) {
  return actionListener(deps, 'turning a page of the requests to answer', async (ctx) => {
    if (ctx.surface.kind !== 'modal') return;
    const page = firstAction(ctx.body)?.['value'];
    const account = ctx.account;
    await updateClickedModal(ctx, async () => requestsToAnswerModal(await deps.core.joinRequests.listToAnswer(account.id), page));
  });
}
