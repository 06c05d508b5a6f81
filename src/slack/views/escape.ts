/**
 * The one place user text (a project or token name, a notification title, an email) is made safe
 * for Slack. Every builder passes each piece of user text through one of these two; product text
 * (our own `*bold*`, date tokens, links we build) is written around the result.
 */

/**
 * For a `text` field (a message's fallback, the push notification, an ephemeral reply's text):
 * Slack reads `&`, `<` and `>` as control characters there, so `<!channel>` would be a live
 * mention and `<https://x|click>` a disguised link. Escaped as Slack documents.
 */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * mrkdwn's formatting characters and the look-alikes that stand in for them. Slack has no escape
 * for `*`, `_`, `~` or a backtick: user text with them could turn bold, strike text through, or
 * open a code span that swallows the product's own words. A look-alike reads the same and formats
 * nothing.
 */
const MRKDWN_LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};

/**
 * For user text inside `mrkdwn` (sections, context blocks, notices): escaped as for `text`, and
 * its formatting characters replaced by look-alikes, so it can neither mention, link, nor format.
 */
export function escapeMrkdwn(value: string): string {
  return escapeText(value).replace(/[*_~`]/g, (char) => MRKDWN_LOOKALIKES[char]!);
}
