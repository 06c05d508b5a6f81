import { escapeMrkdwn } from './escape.ts';
import { section, type MessageContent } from './blocks.ts';

/**
 * The ephemeral message to whoever posted Management API tokens in a channel. It names them only
 * by their last four characters (already visible in the channel), never whole, and does not say
 * whether they existed: the public revocation endpoint does not either.
 */
export function leakedTokenMessage(hints: readonly string[]): MessageContent {
  const named = hints.map((hint) => `\`…${escapeMrkdwn(hint)}\``).join(', ');
  const one = hints.length === 1;
  return {
    text: `You posted ${one ? 'a Keboola Management API token' : 'Keboola Management API tokens'} here; ${one ? 'it was' : 'they were'} revoked if valid.`,
    blocks: [
      section(
        `:rotating_light: *You posted ${one ? 'a Keboola Management API token' : `${hints.length} Keboola Management API tokens`}* (ending in ${named}) in this channel.\n` +
          `Anyone here can read ${one ? 'it' : 'them'}, so ${one ? 'it was' : 'each one was'} revoked at once if valid, and the owner was told. ` +
          'Delete your message, create a new token (`/kbc token` or the dashboard), and keep tokens out of chat: share them through a secret store.',
      ),
    ],
  };
}
