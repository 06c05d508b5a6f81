import type { SlackDeps } from '../../context.ts';
import { actionValue } from '../../payload.ts';
import { escapeMrkdwn } from '../../views/escape.ts';
import { actionListener, finishChange, tell } from './action-context.ts';

/**
 * Delete in the tokens modal (after Slack's confirmation dialog). The core deletes only the
 * account's own token; any other id is TOKEN_NOT_FOUND and nothing changes.
 */
export function tokenDelete(deps: SlackDeps) {
  return actionListener(deps, 'deleting a token', async (ctx) => {
    const tokenId = actionValue(ctx.body);
    if (!tokenId) {
      await tell(ctx, { tone: 'warning', text: 'That button names no token. Nothing changed.' });
      return;
    }
    const token = await deps.core.tokens.delete(ctx.account.id, tokenId);
    const done = `Deleted the token *${escapeMrkdwn(token.description)}* (ended in \`${escapeMrkdwn(token.hint)}\`).`;
    await finishChange(ctx, done, () => tell(ctx, { tone: 'success', text: done }));
  });
}
