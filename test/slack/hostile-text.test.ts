import { describe, expect, it } from 'vitest';
import type { AccountNotificationView, AccountSummary, InvitationView, JoinRequestView, MemberProjectView, TokenView } from '../../src/core/index.ts';
import { escapeMrkdwn, escapeText } from '../../src/slack/views/escape.ts';
import { helpMessage } from '../../src/slack/views/help.ts';
import { invitationMessage, invitationsModal, type InvitationInfo } from '../../src/slack/views/invitations.ts';
import { linkedMessage, unlinkedMessage } from '../../src/slack/views/notice.ts';
import { notificationMessage, notificationsModal } from '../../src/slack/views/notifications.ts';
import { statusMessage, type AccountOverview } from '../../src/slack/views/overview.ts';
import { homeView } from '../../src/slack/views/home.ts';
import { DM_KINDS } from '../../src/core/index.ts';
import { tokenCreatedModal, tokenNotKeptMessage, tokenNotKeptNotice } from '../../src/slack/views/token-form.ts';
import { expiringTokensText, tokenExpiringMessage, tokensModal } from '../../src/slack/views/tokens.ts';
import { projectsMessage, projectsModal } from '../../src/slack/views/projects.ts';
import { ownJoinRequestsModal, requestSentModal } from '../../src/slack/views/own-join-requests.ts';
import { approveJoinRequestModal, joinRequestApprovedModal } from '../../src/slack/views/join-requests.ts';
import { requestsToAnswerModal } from '../../src/slack/views/requests-to-answer.ts';
import { membershipExpiringMessage, mfaDeadlineMessage } from '../../src/slack/views/reminders.ts';

/**
 * Every way user text could take over a Slack message: a channel-wide mention, a disguised link, a
 * user mention, mrkdwn formatting (bold, italic, strike, a code span) and a bare ampersand.
 */
const HOSTILE = 'Marketing <!channel> *bold* _it_ ~strike~ `code` <https://phish.example|click> <@U0BOSS> R&D';
/** What must never appear in a `text` field or in mrkdwn: Slack would act on it. */
const LIVE = ['<!channel>', '<https://phish', '<@U0BOSS>', 'R&D'];
/** What must never appear in mrkdwn: the user's formatting, still formatting. */
const FORMATTING = ['*bold*', '_it_', '~strike~', '`code`'];

const NOW = new Date('2026-01-15T09:00:00.000Z');
const LATER = '2026-01-20T09:00:00.000Z';

const info: InvitationInfo = { invitationId: 'inv_1', projectName: HOSTILE, role: HOSTILE, invitedBy: HOSTILE, reason: HOSTILE, expiresAt: LATER };
const invitation: InvitationView = {
  id: 'inv_1',
  numericId: 1,
  email: 'ann@example.com',
  projectId: 'prj_1',
  projectName: HOSTILE,
  projectNumericId: 1,
  role: 'guest',
  invitedBy: HOSTILE,
  // Not a Slack user id: it must never become a mention.
  inviter: { numericId: null, name: HOSTILE, email: null, slackUserId: `U1> <!channel ${HOSTILE}` },
  reason: HOSTILE,
  createdAt: NOW.toISOString(),
  expiresAt: LATER,
  status: 'pending',
  answeredAt: null,
  projectRequiresMfa: false,
  membershipDays: null,
};
const notification: AccountNotificationView = {
  id: 'ntf_1',
  kind: 'announcement',
  title: HOSTILE,
  message: HOSTILE,
  link: 'https://example.com/a?b=1&c=<x>|y z',
  publishedAt: NOW.toISOString(),
  expiresAt: null,
  source: 'operator',
  audience: { type: 'all' },
  read: false,
};
const token: TokenView = {
  id: 'tok_1',
  numericId: 1,
  description: HOSTILE,
  hint: 'ab*_',
  createdAt: NOW.toISOString(),
  expiresAt: LATER,
  lastUsedAt: null,
  expired: false,
  expiringSoon: true,
  state: 'active',
  graceUntil: null,
  revokedAt: null,
  revokedReason: null,
};
const account: AccountSummary = {
  id: 'acc_1',
  numericId: 1,
  email: HOSTILE,
  name: HOSTILE,
  createdAt: NOW.toISOString(),
  passwordChangedAt: NOW.toISOString(),
  mfaEnabled: true,
  recoveryCodesLeft: 10,
  lockedUntil: null,
};
const overview: AccountOverview = { account, unread: 2, pending: [invitation], expiringTokens: [token], now: NOW };
const project: MemberProjectView = {
  id: 'prj_1',
  numericId: 1,
  name: HOSTILE,
  createdAt: NOW.toISOString(),
  expiresAt: null,
  limits: {},
  usage: {},
  breachedMetrics: [],
  members: [],
  mfaRequired: { since: NOW.toISOString(), deadline: LATER },
  membership: { role: 'guest', joinedAt: NOW.toISOString(), expiresAt: LATER, blockedByMfa: false, lastAdmin: false },
};
const joinRequest: JoinRequestView = {
  id: 'jrq_1',
  numericId: 1,
  accountNumericId: 1,
  projectId: 'prj_1',
  projectName: HOSTILE,
  projectNumericId: 1,
  accountId: 'acc_1',
  email: HOSTILE,
  name: HOSTILE,
  reason: HOSTILE,
  membershipSeconds: 30 * 86_400,
  membershipDays: 30,
  membershipLifetime: '30 days',
  createdAt: NOW.toISOString(),
  expiresAt: LATER,
  status: 'pending',
  answeredAt: null,
  answeredBy: null,
  rejectionReason: null,
  approvedRole: null,
};
const answeredRequest: JoinRequestView = { ...joinRequest, id: 'jrq_2', status: 'rejected', answeredAt: NOW.toISOString(), answeredBy: HOSTILE };

/** The `text` fields (fallback, push notification) and the mrkdwn texts of a built value. */
function fieldsOf(value: unknown): { text: string[]; mrkdwn: string[] } {
  const text: string[] = [];
  const mrkdwn: string[] = [];
  const walk = (node: unknown, top: boolean): void => {
    if (Array.isArray(node)) node.forEach((item) => walk(item, false));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record['type'] === 'mrkdwn' && typeof record['text'] === 'string') mrkdwn.push(record['text']);
      if (top && typeof record['text'] === 'string') text.push(record['text']);
      for (const child of Object.values(record)) walk(child, false);
    } else if (typeof node === 'string' && top) mrkdwn.push(node);
  };
  walk(value, true);
  return { text, mrkdwn };
}

/** Each message and view builder, fed hostile text wherever it takes user text. */
const BUILDERS: ReadonlyArray<readonly [string, () => unknown]> = [
  ['invitation DM, pending', () => invitationMessage(info, { status: 'pending' })],
  ['invitation DM, accepted', () => invitationMessage(info, { status: 'accepted', at: NOW.toISOString() })],
  ['invitation DM, declined', () => invitationMessage(info, { status: 'declined', at: NOW.toISOString() })],
  ['invitation DM, cancelled', () => invitationMessage(info, { status: 'cancelled', at: NOW.toISOString() })],
  ['invitation DM, expired', () => invitationMessage(info, { status: 'expired' })],
  ['invitations modal', () => invitationsModal([invitation])],
  ['notification DM', () => notificationMessage({ ...notification, notificationId: notification.id }, false)],
  ['notification DM from the outbox summary', () => notificationMessage({ notificationId: 'ntf_1', kind: HOSTILE, title: HOSTILE, message: null, link: null, publishedAt: null }, true)],
  ['notifications modal', () => notificationsModal({ items: [notification], unread: 1, next: null })],
  ['tokens modal', () => tokensModal([token])],
  ['token expiring DM', () => tokenExpiringMessage({ description: HOSTILE, hint: 'ab*_', expiresAt: LATER }, NOW)],
  ['expiring tokens list', () => expiringTokensText([token], NOW)],
  ['token created modal', () => tokenCreatedModal({ token, secret: 'kbc_secret' })],
  ['token not kept modal', () => tokenNotKeptMessage(token, 'deleted')],
  ['token not kept notice', () => tokenNotKeptNotice(token, 'kept').text],
  ['status reply', () => statusMessage(overview)],
  [
    'Home tab',
    () =>
      homeView({
        ...overview,
        unreadItems: [notification],
        tokens: [token],
        sessions: { active: 2, lastActiveAt: NOW.toISOString() },
        preferences: { kinds: Object.fromEntries(DM_KINDS.map((kind) => [kind, true])) as never, updatedAt: null },
        projectBaseUrl: 'https://connection.example.com/admin/projects/',
        projects: [project],
        joinRequests: [joinRequest],
        requestsToAnswer: [joinRequest],
      }),
  ],
  ['projects reply, linked pages', () => projectsMessage([project], { mfaEnabled: false, projectBaseUrl: 'https://connection.example.com/admin/projects/' })],
  ['projects reply', () => projectsMessage([project, { ...project, membership: { ...project.membership, blockedByMfa: true } }], { mfaEnabled: false, projectBaseUrl: null })],
  ['projects modal', () => projectsModal([project], { mfaEnabled: true, projectBaseUrl: null })],
  ['own join requests modal', () => ownJoinRequestsModal([joinRequest, answeredRequest])],
  ['join request sent modal', () => requestSentModal(joinRequest)],
  ['approve join request modal', () => approveJoinRequestModal(joinRequest)],
  ['requests to answer modal', () => requestsToAnswerModal([joinRequest, { ...joinRequest, id: 'jrq_3' }], '1', { tone: 'success', text: escapeMrkdwn(HOSTILE) })],
  ['join request approved modal', () => joinRequestApprovedModal(joinRequest, 'admin')],
  ['membership reminder DM', () => membershipExpiringMessage({ projectName: HOSTILE, projectNumericId: 1, expiresAt: LATER }, NOW, { kind: 'live' })],
  ['membership reminder DM, linked', () => membershipExpiringMessage({ projectName: HOSTILE, projectNumericId: 1, expiresAt: LATER }, NOW, { kind: 'live' }, 'https://kbc.example.com/p/')],
  ['membership reminder DM, extended', () => membershipExpiringMessage({ projectName: HOSTILE, expiresAt: LATER }, NOW, { kind: 'moved', until: LATER })],
  ['membership reminder DM, ended', () => membershipExpiringMessage({ projectName: HOSTILE, expiresAt: LATER }, NOW, { kind: 'ended' })],
  ['MFA deadline DM', () => mfaDeadlineMessage({ projectName: HOSTILE, deadline: LATER }, NOW, 'live')],
  ['MFA deadline DM, past', () => mfaDeadlineMessage({ projectName: HOSTILE, deadline: NOW.toISOString() }, NOW, 'live')],
  ['MFA deadline DM, MFA on', () => mfaDeadlineMessage({ projectName: HOSTILE, deadline: LATER }, NOW, 'mfa-on')],
  ['Home tab with a notice', () => homeView(null, { tone: 'warning', text: `Deleted ${escapeMrkdwn(HOSTILE)}` })],
  ['help for an unknown subcommand', () => helpMessage({ command: '/kbc', linkedEmail: HOSTILE, unknown: HOSTILE })],
  ['linked DM', () => linkedMessage(HOSTILE)],
  ['unlinked DM, replaced', () => unlinkedMessage({ email: HOSTILE, reason: 'replaced', at: NOW.toISOString() })],
  ['unlinked DM, from the dashboard', () => unlinkedMessage({ email: HOSTILE, reason: 'account', at: NOW.toISOString() })],
];

describe('hostile user text in every message and view', () => {
  it.each(BUILDERS)('%s: no live mention, link or formatting from user text, the product formatting kept', (_name, build) => {
    const { text, mrkdwn } = fieldsOf(build());
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const field of [...text, ...mrkdwn]) for (const live of LIVE) expect(field).not.toContain(live);
    for (const field of mrkdwn) for (const format of FORMATTING) expect(field).not.toContain(format);
    // The user text is there, escaped: shown, not obeyed.
    expect([...text, ...mrkdwn].join('\n')).toContain('&lt;!channel&gt;');
    // The product's own bold and date tokens survive the escaping.
    expect(mrkdwn.join('\n')).toMatch(/\*[^*\s][^*]*\*|<!date\^/);
  });

  it('escapes the user text in the push-notification text of every message, where it has some', () => {
    let withUserText = 0;
    for (const [name, build] of BUILDERS) {
      const built = build() as { text?: unknown; type?: unknown };
      if (typeof built !== 'object' || built === null || built.type !== undefined || typeof built.text !== 'string') continue;
      if (!built.text.includes('channel')) continue;
      withUserText++;
      expect(built.text, name).toContain('&lt;!channel&gt;');
      expect(built.text, name).not.toMatch(/<[!@h]|R&D/);
    }
    expect(withUserText).toBeGreaterThanOrEqual(8);
  });

  it('makes a notification link a link only for http(s), with & and the token ends escaped', () => {
    const { mrkdwn } = fieldsOf(notificationMessage({ ...notification, notificationId: 'ntf_1' }, false));
    expect(mrkdwn.join('\n')).toContain('<https://example.com/a?b=1&amp;c=%3Cx%3E%7Cy%20z|Open link>');
    const javascript = fieldsOf(notificationMessage({ ...notification, notificationId: 'ntf_1', link: 'javascript:alert(1)|x' }, false));
    expect(javascript.mrkdwn.join('\n')).not.toContain('<javascript');
  });

  it('escapes text for `text` fields and neutralises mrkdwn formatting with look-alikes', () => {
    expect(escapeText('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
    expect(escapeText('*bold* _it_')).toBe('*bold* _it_');
    const escaped = escapeMrkdwn('*bold* _it_ ~s~ `c` <!here>');
    expect(escaped).not.toMatch(/[*_~`<>]/);
    expect(escaped).toContain('&lt;!here&gt;');
    expect(escaped).toContain('bold');
  });
});
