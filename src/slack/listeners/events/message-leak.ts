import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { findTokensInText } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { logFailure } from '../../log.ts';
import { field, text } from '../../payload.ts';
import { sendWithTextFallback } from '../../text-fallback.ts';
import { leakedTokenMessage } from '../../views/leak.ts';
import { firstDelivery } from './first-delivery.ts';

/** Characters of a token kept in the poster's message: as many as the owner's lists show. */
const HINT_LENGTH = 4;
/** Longest message text scanned (Slack caps a message at 40,000 characters). */
const TEXT_MAX = 50_000;

/**
 * The text a message event carries, and who posted it: a new message, a thread reply sent to the
 * channel too, a message with a file, or an edit (`message_changed` carries the new text in
 * `message`). Other subtypes (deletions, joins) carry nothing to scan.
 */
function postedText(event: unknown): { text: string; user: string | null } | null {
  const subtype = field(event, 'subtype');
  const message = subtype === 'message_changed' ? field(event, 'message') : event;
  if (subtype !== undefined && !['message_changed', 'thread_broadcast', 'file_share', 'bot_message'].includes(String(subtype))) return null;
  const body = field(message, 'text');
  if (typeof body !== 'string' || body.length > TEXT_MAX) return null;
  // A bot's message is scanned too (a CI bot echoing a token leaks it as well), but a bot cannot be told.
  const user = field(message, 'bot_id') === undefined ? text(field(message, 'user')) : null;
  return { text: body, user };
}

/**
 * Leak detection: a message in a channel the app is in that contains Management API tokens (the
 * `kbcm_` shape with a valid checksum) revokes them at once (`revokeLeaked`, source
 * `slack_leak_detection`; their owners are told in the bell and by DM), and the poster gets an
 * ephemeral message naming them by their last four characters. The message text is used only
 * here, in memory: never stored, logged, or sent anywhere.
 */
export function messageLeak(deps: SlackDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const posted = postedText(event);
    if (!posted) return;
    const tokens = findTokensInText(posted.text);
    // Checked only for a message with tokens: most channel messages have none and cost no write.
    if (tokens.length === 0 || !(await firstDelivery(deps, body))) return;
    const channel = text(field(event, 'channel'));
    const where = `Slack channel ${channel ?? '(unknown)'}${posted.user ? `, posted by Slack user ${posted.user}` : ', posted by a bot'}`;
    try {
      await deps.core.tokens.revokeLeaked(tokens, { source: 'slack_leak_detection', where });
    } catch (error) {
      logFailure(deps.logger, `revoking ${tokens.length} token(s) posted in ${channel ?? 'a channel'}`, error);
      return;
    }
    deps.logger.info(`kbc-account slack: tokens posted in ${channel ?? 'a channel'} were reported for revocation (${tokens.length})`);
    if (!channel || !posted.user) return;
    const message = leakedTokenMessage(tokens.map((token) => token.slice(-HINT_LENGTH)));
    try {
      const poster = posted.user;
      await sendWithTextFallback(deps.logger, 'a leaked token warning', message, (body) => client.chat.postEphemeral({ channel, user: poster, ...body }));
    } catch (error) {
      logFailure(deps.logger, `telling the poster in ${channel} about a leaked token`, error);
    }
  };
}
