import type { types } from '@slack/bolt';
import {
  DM_KIND_NAMES,
  DM_KINDS,
  LINK_CODE_TTL_MINUTES,
  type AccountNotificationView,
  type DmKind,
  type DmPreferences,
  type JoinRequestView,
  type MemberProjectView,
  type TokenView,
} from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK } from '../ids.ts';
import { notLinkedText } from '../messages.ts';
import { actions, button, context, divider, header, LIMITS, modal, noticeBlocks, plain, section, type Block, type Notice } from './blocks.ts';
import { plural, slackDate, slackDay, truncate } from './format.ts';
import { escapeMrkdwn } from './escape.ts';
import { invitationItemBlocks } from './invitations.ts';
import { bellText, notificationItemBlocks } from './notifications.ts';
import { openButtons, type AccountOverview } from './overview.ts';
import { ownRequestBlock } from './own-join-requests.ts';
import { projectsText } from './projects.ts';
import { homeRequestsToAnswerBlocks } from './requests-to-answer.ts';

/** Everything the linked Home tab shows: the overview, plus what only the Home tab has room for. */
export interface HomeData extends AccountOverview {
  /** The newest unread notifications, newest first. */
  readonly unreadItems: readonly AccountNotificationView[];
  /** Every token of the account, newest first (the core's order). */
  readonly tokens: readonly TokenView[];
  readonly sessions: { readonly active: number; readonly lastActiveAt: string | null };
  readonly preferences: DmPreferences;
  /** The operator's KBC_PROJECT_BASE_URL: project names link to their pages. */
  readonly projectBaseUrl: string | null;
  /** The projects the account is a member of, by name (the core's order). */
  readonly projects: readonly MemberProjectView[];
  /** The account's own pending requests to join a project. */
  readonly joinRequests: readonly JoinRequestView[];
  /** The pending requests to join the projects the account admins, oldest first (the core's order). */
  readonly requestsToAnswer: readonly JoinRequestView[];
}

/** Pending invitations the Home tab shows with buttons (2 blocks each). */
export const HOME_INVITATIONS_MAX = 10;
/** Unread notifications the Home tab shows (2 blocks each). */
export const HOME_UNREAD_MAX = 5;
/** Tokens listed on the Home tab, in one section; the rest are behind "My tokens". */
export const HOME_TOKENS_MAX = 15;
/** Pending join requests of one's own the Home tab shows with Cancel (1 block each); the rest are behind "My join requests". */
export const HOME_JOIN_REQUESTS_MAX = 5;


const dmOption = (kind: DmKind): types.Option => ({ text: plain(DM_KIND_NAMES[kind]), value: kind });

/** The account line, with Unlink (after a confirmation: the messages stop at once). */
function accountBlock(data: HomeData): Block {
  const unlink = button('Unlink', ACTION.unlink, {
    confirm: {
      title: 'Unlink this Slack user?',
      text: `Unlink ${truncate(data.account.email, 150)} from your Slack user? Invitations, notifications and reminders stop coming here; messages not delivered yet are dropped. You can link again with a new code.`,
      confirm: 'Unlink',
      deny: 'Keep it',
      danger: true,
    },
  });
  return section(`Signed in as *${escapeMrkdwn(data.account.email)}*`, { blockId: BLOCK.homeAccount, accessory: unlink });
}

/** MFA on or off, and the active sessions. */
function securityText(data: HomeData): string {
  const mfa = data.account.mfaEnabled ? ':lock: Multi-factor authentication *on*' : ':warning: Multi-factor authentication *off* — enable it in the dashboard';
  const { active, lastActiveAt } = data.sessions;
  const sessions =
    active === 0 ? 'No active dashboard sessions' : `${plural(active, 'active session')}${lastActiveAt ? `, last activity ${slackDate(lastActiveAt)}` : ''}`;
  return `*Security*\n${mfa}\n:computer: ${sessions} — see or end them in the dashboard (*Account & Security*)`;
}

function tokenLine(token: TokenView): string {
  const name = `*${escapeMrkdwn(truncate(token.description, 80))}* (…${escapeMrkdwn(token.hint)})`;
  switch (token.state) {
    case 'revoked':
      return `• ${name} — :no_entry: revoked`;
    case 'rotated':
      return `• ${name} — :arrows_counterclockwise: rotated, works until ${slackDate(token.graceUntil ?? token.expiresAt)}`;
    case 'expired':
      return `• ${name} — :hourglass: expired ${slackDay(token.expiresAt)}`;
    default:
      return `• ${name} — ${token.expiringSoon ? ':warning: ' : ''}expires ${slackDay(token.expiresAt)}`;
  }
}

/** Every token with its expiry, in one section that stays within Slack's 3000 characters. */
function tokensBlock(tokens: readonly TokenView[]): Block {
  const heading = `*Access tokens (${tokens.length})*`;
  const open = button('My tokens', ACTION.openTokens);
  if (tokens.length === 0) return section(`${heading}\nNone. Create one with *New token* below.`, { blockId: BLOCK.homeTokens, accessory: open });
  const lines: string[] = [];
  let length = heading.length;
  for (const token of tokens.slice(0, HOME_TOKENS_MAX)) {
    const line = tokenLine(token);
    // Room kept for the "…and N more" line.
    if (length + line.length + 1 > LIMITS.sectionText - 40) break;
    lines.push(line);
    length += line.length + 1;
  }
  if (lines.length < tokens.length) lines.push(`…and ${tokens.length - lines.length} more.`);
  return section(`${heading}\n${lines.join('\n')}`, { blockId: BLOCK.homeTokens, accessory: open });
}

/** Which kinds of DM reach the person: checkboxes, saved on every change. */
function preferencesBlocks(preferences: DmPreferences): Block[] {
  const initial = DM_KINDS.filter((kind) => preferences.kinds[kind]).map(dmOption);
  const checkboxes: types.Checkboxes = {
    type: 'checkboxes',
    action_id: ACTION.dmPreferences,
    options: DM_KINDS.map(dmOption),
    ...(initial.length > 0 ? { initial_options: initial } : {}),
  };
  return [
    section('*Direct messages*\nChoose what reaches you here as a direct message. The bell and the lists above always show everything.'),
    actions(BLOCK.dmPreferences, [checkboxes]),
  ];
}

/**
 * "Your projects" (role, member until, MFA required, linked pages) with "Ask to join a project",
 * then the account's pending join requests, each with Cancel.
 */
function projectsBlocks(data: HomeData): Block[] {
  const heading = `*Your projects (${data.projects.length})*`;
  const ask = button('Ask to join a project', ACTION.openRequestAccess);
  const blocks: Block[] = [
    section(projectsText(heading, data.projects, { mfaEnabled: data.account.mfaEnabled, projectBaseUrl: data.projectBaseUrl }), { blockId: BLOCK.homeProjects, accessory: ask }),
  ];
  const pending = data.joinRequests;
  if (pending.length === 0) return blocks;
  blocks.push(
    section(`*Your requests to join (${pending.length})*\nWaiting for a project admin's answer.`, {
      blockId: BLOCK.homeJoinRequests,
      accessory: button('My join requests', ACTION.openJoinRequests),
    }),
  );
  for (const view of pending.slice(0, HOME_JOIN_REQUESTS_MAX)) blocks.push(ownRequestBlock(view));
  if (pending.length > HOME_JOIN_REQUESTS_MAX) blocks.push(context(`…and ${pending.length - HOME_JOIN_REQUESTS_MAX} more: *My join requests* lists them.`));
  return blocks;
}

/** The Home tab of a Slack user who has not linked an account: what linking gives, and How to link. */
function unlinkedBlocks(): Block[] {
  return [
    section('Your Slack user is not linked to a Keboola account yet. *Linking takes a minute*: a code from the dashboard, then `/kbc link CODE` here.', {
      blockId: BLOCK.homeLink,
      accessory: button('How to link', ACTION.openHowToLink, { style: 'primary' }),
    }),
    context('Once linked, invitations, notifications and token reminders arrive here and as direct messages, and you can answer them from Slack.'),
  ];
}

/**
 * The Home tab: the account (with Unlink), security, the latest unread notifications with Mark as
 * read, pending invitations with Accept and Decline, the requests to join the projects one
 * admins (with Approve and Reject), the projects and one's pending join requests (with Cancel), every token with its expiry, the DM
 * preferences and the buttons that open the modals. Null data: the unlinked Home tab.
 */
export function homeView(data: HomeData | null, notice?: Notice | null): types.HomeView {
  const blocks: Block[] = [header('Keboola account'), ...noticeBlocks(notice)];
  if (!data) return { type: 'home', blocks: [...blocks, ...unlinkedBlocks()] };
  const { unread, pending, unreadItems, tokens } = data;
  blocks.push(accountBlock(data), section(securityText(data)), divider());
  blocks.push(section(bellText(unread), { accessory: button('All notifications', ACTION.openNotifications) }));
  for (const item of unreadItems.slice(0, HOME_UNREAD_MAX)) blocks.push(...notificationItemBlocks(item));
  if (unread > Math.min(unreadItems.length, HOME_UNREAD_MAX)) blocks.push(context(`…and ${unread - Math.min(unreadItems.length, HOME_UNREAD_MAX)} more unread: *All notifications* lists them.`));
  blocks.push(divider(), section(pending.length > 0 ? `*Pending invitations (${pending.length})*` : '*Pending invitations*\nNone right now.'));
  for (const invitation of pending.slice(0, HOME_INVITATIONS_MAX)) blocks.push(...invitationItemBlocks(invitation, data.projectBaseUrl));
  if (pending.length > HOME_INVITATIONS_MAX) {
    blocks.push(section(`…and ${pending.length - HOME_INVITATIONS_MAX} more.`, { accessory: button('All invitations', ACTION.openInvitations) }));
  }
  blocks.push(...homeRequestsToAnswerBlocks(data.requestsToAnswer));
  blocks.push(divider(), ...projectsBlocks(data));
  blocks.push(divider(), tokensBlock(tokens), divider(), ...preferencesBlocks(data.preferences), divider(), openButtons());
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}

/** The linking steps, in a modal opened from the unlinked Home tab. */
export function howToLinkModal(command = '/kbc'): types.ModalView {
  return modal({
    callbackId: CALLBACK.howToLink,
    title: 'How to link',
    blocks: [
      section(notLinkedText(command)),
      context(
        `A link code works once and for ${LINK_CODE_TTL_MINUTES} minutes. Linking again later (or from another Slack user) moves the link; the dashboard's security activity records every link and unlink.`,
      ),
    ],
  });
}
