import type { Logger } from '@slack/bolt';
import { slackErrorCode } from './delivery/slack-errors.ts';
import type { MessageContent } from './views/blocks.ts';
import { truncate } from './views/format.ts';

/** Slack's answers meaning the blocks of a message were refused (the same blocks fail again). */
const BLOCKS_REFUSED: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format']);

/** Longest `text` of a message Slack keeps whole, in characters. */
const MESSAGE_TEXT_MAX = 40_000;

/** Said under a message shown without its blocks, so the reader knows where the rest is. */
export const TEXT_ONLY_NOTE = 'Slack could not show this message in full. Type `/kbc` to see it and act on it.';

/** True when Slack refused a message's blocks. */
export function blocksRefused(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== null && BLOCKS_REFUSED.has(code);
}

/** The message as text alone, no blocks (and so no buttons), with a note saying where the rest is. */
export function textOnly(content: MessageContent): MessageContent {
  return { text: truncate(`${content.text}\n\n_${TEXT_ONLY_NOTE}_`, MESSAGE_TEXT_MAX), blocks: [] };
}

/**
 * Sends `content` with `send`; when Slack answers `invalid_blocks`, sends it once more as text
 * only (a limit this app missed, or a Slack change, must not cost the user the message), logging
 * which message it was. Any other failure is the caller's.
 */
export async function sendWithTextFallback<T>(
  logger: Logger,
  what: string,
  content: MessageContent,
  send: (content: MessageContent) => Promise<T>,
): Promise<T> {
  try {
    return await send(content);
  } catch (error) {
    if (!blocksRefused(error)) throw error;
    logger.warn(`kbc-account slack: Slack refused the blocks of ${what} (${slackErrorCode(error)}); sent it as text only`);
    return send(textOnly(content));
  }
}
