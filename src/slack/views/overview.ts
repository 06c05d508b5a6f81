import type { types } from '@slack/bolt';
import type { AccountSummary, InvitationView, TokenView } from '../../core/index.ts';
import { notLinkedText } from '../messages.ts';
import { ACTION, BLOCK } from '../ids.ts';
import { actions, button, context, divider, header, LIMITS, noticeBlocks, section, type Block, type MessageContent, type Notice } from './blocks.ts';
import { plural } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';
import { invitationItemBlocks } from './invitations.ts';
import { bellText } from './notifications.ts';
import { EXPIRING_TOKENS_HEADING, expiringTokensText } from './tokens.ts';

/** Everything `/kbc status` and the Home tab show about an account. */
export interface AccountOverview {
  readonly account: AccountSummary;
  readonly unread: number;
  readonly pending: readonly InvitationView[];
  /** Tokens the core flags as expiring soon (`TokenView.expiringSoon`), soonest first. */
  readonly expiringTokens: readonly TokenView[];
  readonly now: Date;
}

/** Pending invitations the Home tab shows with buttons (2 blocks each). */
export const HOME_INVITATIONS_MAX = 10;

const mfaWords = (account: AccountSummary): string =>
  account.mfaEnabled ? 'MFA *on*' : 'MFA *off* — enable it in the dashboard to create tokens from Slack';

function openButtons(): Block {
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

/** The Home tab: the bell, pending invitations with buttons, tokens expiring soon, the modals. */
export function homeView(overview: AccountOverview | null, notice?: Notice | null): types.HomeView {
  const blocks: Block[] = [header('Keboola account'), ...noticeBlocks(notice)];
  if (!overview) {
    blocks.push(section(notLinkedText()), context('Once linked, invitations, notifications and token reminders arrive here and as direct messages.'));
    return { type: 'home', blocks };
  }
  const { account, unread, pending, expiringTokens, now } = overview;
  blocks.push(
    section(`Signed in as *${escapeMrkdwn(account.email)}* · ${mfaWords(account)}`),
    section(bellText(unread), { accessory: button('Open', ACTION.openNotifications) }),
    divider(),
    section(pending.length > 0 ? `*Pending invitations (${pending.length})*` : '*Pending invitations*\nNone right now.'),
  );
  for (const invitation of pending.slice(0, HOME_INVITATIONS_MAX)) blocks.push(...invitationItemBlocks(invitation));
  if (pending.length > HOME_INVITATIONS_MAX) {
    blocks.push(section(`…and ${pending.length - HOME_INVITATIONS_MAX} more.`, { accessory: button('All invitations', ACTION.openInvitations) }));
  }
  blocks.push(divider(), tokensSection(EXPIRING_TOKENS_HEADING, expiringTokens, now), divider(), openButtons());
  return { type: 'home', blocks };
}
