import type { AccountSummary, InvitationView, TokenView } from '../../core/index.ts';
import { ACTION, BLOCK } from '../ids.ts';
import { actions, button, LIMITS, section, type Block, type MessageContent } from './blocks.ts';
import { plural } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';
import { bellText } from './notifications.ts';
import { EXPIRING_TOKENS_HEADING, expiringTokensText } from './tokens.ts';

/** Everything `/kbc status` shows about an account (the Home tab shows more: views/home.ts). */
export interface AccountOverview {
  readonly account: AccountSummary;
  readonly unread: number;
  readonly pending: readonly InvitationView[];
  /** Tokens the core flags as expiring soon (`TokenView.expiringSoon`), soonest first. */
  readonly expiringTokens: readonly TokenView[];
  readonly now: Date;
}

const mfaWords = (account: AccountSummary): string =>
  account.mfaEnabled ? 'MFA *on*' : 'MFA *off* — enable it in the dashboard to create tokens from Slack';

/** The buttons that open the lists and the token form, under `/kbc status` and on the Home tab. */
export function openButtons(): Block {
  return actions(BLOCK.homeActions, [
    button('Invitations', ACTION.openInvitations),
    button('Notifications', ACTION.openNotifications),
    button('New token', ACTION.openTokenForm, { style: 'primary' }),
    button('My tokens', ACTION.openTokens),
  ]);
}

/** The tokens expiring soon under `heading`, in one section that stays within Slack's 3000 characters. */
function tokensSection(heading: string, tokens: readonly TokenView[], now: Date): Block {
  return section(`${heading}\n${expiringTokensText(tokens, now, LIMITS.sectionText - heading.length - 1)}`);
}

/** `/kbc status`: an ephemeral summary with buttons opening the modals. */
export function statusMessage(overview: AccountOverview): MessageContent {
  const { account, unread, pending, expiringTokens, now } = overview;
  const lines = [
    `Linked to *${escapeMrkdwn(account.email)}* · ${mfaWords(account)}`,
    bellText(unread),
    pending.length > 0 ? `:incoming_envelope: *${plural(pending.length, 'pending invitation')}*` : ':incoming_envelope: No pending invitations',
  ];
  return {
    text: `Linked to ${escapeText(account.email)}: ${plural(unread, 'unread notification')}, ${plural(pending.length, 'pending invitation')}.`,
    blocks: [section(lines.join('\n')), tokensSection(`:key: ${EXPIRING_TOKENS_HEADING}`, expiringTokens, now), openButtons()],
  };
}
