import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type AccountNotificationView, type AccountSummary, type InvitationView, type TokenView } from '../../src/core/index.ts';
import { ACTION, CALLBACK, LISTENED_ACTIONS } from '../../src/slack/ids.ts';
import { errorCodeText, errorText, GENERIC_FAILURE } from '../../src/slack/messages.ts';
import { LIMITS } from '../../src/slack/views/blocks.ts';
import { truncate } from '../../src/slack/views/format.ts';
import { escapeMrkdwn } from '../../src/slack/views/escape.ts';
import { helpMessage } from '../../src/slack/views/help.ts';
import { invitationMessage, invitationsModal } from '../../src/slack/views/invitations.ts';
import { notificationMessage, notificationsModal } from '../../src/slack/views/notifications.ts';
import { statusMessage, type AccountOverview } from '../../src/slack/views/overview.ts';
import { homeView, type HomeData } from '../../src/slack/views/home.ts';
import { mfaRequiredModal, TOKEN_ONCE_WARNING, tokenCreatedModal, tokenFormModal } from '../../src/slack/views/token-form.ts';
import { tokenExpiringMessage, tokensModal } from '../../src/slack/views/tokens.ts';
import { actionIdsOf, textOf } from './support/harness.ts';

const NOW = new Date('2026-01-15T09:00:00.000Z');
const INPUT_ACTIONS: string[] = [ACTION.tokenDescription, ACTION.tokenExpiryDays, ACTION.tokenExpiryDate, ACTION.tokenTotp];

const invitation = (n: number, projectName = `Project ${n}`): InvitationView => ({
  id: `inv_${n}`,
  numericId: n,
  email: 'ann@example.com',
  projectId: `prj_${n}`,
  projectName,
  projectNumericId: n,
  role: 'guest',
  invitedBy: 'Keboola operator',
  inviter: { numericId: null, name: 'Keboola operator', email: null, slackUserId: null },
  reason: null,
  createdAt: NOW.toISOString(),
  expiresAt: '2026-01-22T09:00:00.000Z',
  status: 'pending',
  answeredAt: null,
  projectRequiresMfa: false,
  membershipDays: null,
});

const notification = (n: number, message = 'Body.'): AccountNotificationView => ({
  id: `ntf_${n}`,
  kind: 'announcement',
  title: `Title ${n}`,
  message,
  link: null,
  publishedAt: NOW.toISOString(),
  expiresAt: null,
  source: 'operator',
  audience: { type: 'all' },
  read: n % 2 === 0,
});

const token = (n: number, expiresAt = '2026-01-20T09:00:00.000Z'): TokenView => ({
  id: `tok_${n}`,
  numericId: n,
  description: `token ${n}`,
  hint: 'abcd',
  createdAt: NOW.toISOString(),
  expiresAt,
  lastUsedAt: null,
  expired: false,
  expiringSoon: true,
  state: 'active',
  graceUntil: null,
  revokedAt: null,
  revokedReason: null,
});

const account: AccountSummary = {
  id: 'acc_1',
  numericId: 1,
  email: 'ann@example.com',
  name: 'Ann',
  createdAt: NOW.toISOString(),
  passwordChangedAt: NOW.toISOString(),
  mfaEnabled: true,
  recoveryCodesLeft: 10,
  lockedUntil: null,
};

const range = (count: number) => Array.from({ length: count }, (_, n) => n);

/** The Home tab's data: the overview, and the rest given or empty. */
const homeData = (overview: AccountOverview, more: Partial<HomeData> = {}): HomeData => ({
  unreadItems: [],
  tokens: [],
  sessions: { active: 1, lastActiveAt: NOW.toISOString() },
  preferences: { kinds: { announcement: true, deprecation: true, migration: true, limit: false, invitation: true, token_reminder: true, project_reminder: true }, updatedAt: null },
  projectBaseUrl: null,
  projects: [],
  joinRequests: [],
  requestsToAnswer: [],
  ...overview,
  ...more,
});

describe('Block Kit limits', () => {
  it('keeps every modal and the Home tab within 100 blocks however much there is', () => {
    const page = { items: range(200).map((n) => notification(n)), next: 'cursor', unread: 250 };
    const overview: AccountOverview = { account, unread: 9, pending: range(60).map((n) => invitation(n)), expiringTokens: range(40).map((n) => token(n)), now: NOW };
    const views = [
      invitationsModal(range(200).map((n) => invitation(n)), { tone: 'success', text: 'ok' }),
      notificationsModal(page, { tone: 'warning', text: 'x' }),
      tokensModal(range(300).map((n) => token(n))),
      homeView(homeData(overview, { unreadItems: range(50).map((n) => notification(n)), tokens: range(300).map((n) => token(n)) }), { tone: 'success', text: 'ok' }),
    ];
    for (const view of views) expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    expect(textOf(views[0])).toContain('…and 175 more');
    expect(textOf(views[1])).toContain('…and older ones');
    // The last page: how many the modal leaves out is known.
    expect(textOf(notificationsModal({ ...page, next: null }))).toContain('…and 175 older');
    expect(textOf(views[2])).toContain('…and 260 older');
    expect(textOf(views[3])).toContain('…and 50 more.');
  });

  it('keeps messages within 50 blocks and sections within 3000 characters', () => {
    const long = 'x'.repeat(5000);
    const messages = [
      invitationMessage({ invitationId: 'inv_1', projectName: long, role: 'admin', invitedBy: long, reason: long, expiresAt: NOW.toISOString() }, { status: 'pending' }),
      notificationMessage({ notificationId: 'ntf_1', kind: 'limit', title: long, message: long, link: null, publishedAt: null }, false),
      tokenExpiringMessage({ description: long, hint: 'abcd', expiresAt: '2026-01-20T09:00:00.000Z' }, NOW),
      statusMessage({ account, unread: 0, pending: [], expiringTokens: range(60).map((n) => token(n)), now: NOW }),
    ];
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
      for (const block of message.blocks) {
        if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      }
    }
  });

  it('lists at most 10 expiring tokens with "…and N more", never cutting a section mid date code', () => {
    // Worst case: 100-character descriptions that escaping makes five times longer.
    const tokens = range(60).map((n) => ({ ...token(n), description: `${n} ${'&'.repeat(96)}`.slice(0, 100) }));
    const overview: AccountOverview = { account, unread: 0, pending: [], expiringTokens: tokens, now: NOW };
    for (const blocks of [statusMessage(overview).blocks]) {
      const sections = (blocks as { type: string; text?: { text: string } }[]).flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));
      const listing = sections.join('\n');
      expect(listing).toMatch(/…and \d+ more/);
      expect(listing).toContain('/kbc tokens');
      for (const text of sections) {
        expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        expect(text.endsWith('…')).toBe(false);
        expect(text.match(/<!date\^/g)?.length ?? 0).toBe(text.match(/<!date\^[^<>]*>/g)?.length ?? 0);
      }
    }
    const plain = statusMessage({ ...overview, expiringTokens: range(60).map((n) => token(n)) });
    const listed = textOf(plain.blocks).match(/\*token \d+\*/g) ?? [];
    expect(listed).toHaveLength(10);
    expect(textOf(plain.blocks)).toContain('…and 50 more');
  });

  it('keeps modal titles and button labels within their limits', () => {
    const modals = [tokenFormModal({ withTotp: true }), mfaRequiredModal(), tokensModal([]), invitationsModal([])];
    for (const view of modals) {
      expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
      expect((view.submit?.text ?? '').length).toBeLessThanOrEqual(LIMITS.viewTitle);
    }
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});

describe('view content', () => {
  it('escapes data so it cannot inject mentions or links', () => {
    expect(escapeMrkdwn('<!channel> & <https://evil|x>')).toBe('&lt;!channel&gt; &amp; &lt;https://evil|x&gt;');
    const view = invitationsModal([invitation(1, '<!here> Sales')]);
    // Only mrkdwn is parsed for mentions and links; plain_text (e.g. a confirmation) shows as typed.
    const mrkdwn = JSON.stringify(view).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(mrkdwn.join()).toContain('&lt;!here&gt; Sales');
    expect(mrkdwn.join()).not.toContain('<!here>');
  });

  it('shows a linked inviter as a mention and links the project in the modal and on the Home tab, as in the DM', () => {
    const linked: InvitationView = { ...invitation(1, 'Sales'), inviter: { numericId: 7, name: 'Ann', email: 'ann@example.com', slackUserId: 'U0ANN' } };
    const base = 'https://connection.example.com/admin/projects/';
    const surfaces = [invitationsModal([linked], null, base), homeView(homeData({ account, unread: 0, pending: [linked], expiringTokens: [], now: NOW }, { projectBaseUrl: base }))];
    for (const surface of surfaces) {
      const text = JSON.stringify(surface);
      expect(text).toContain('<@U0ANN> invited you');
      expect(text).toContain(`<${base}1|Sales>`);
    }
    // Without a base URL, or an inviter not linked: the name, in bold, and no link.
    const plainText = JSON.stringify(invitationsModal([invitation(1, 'Sales')]));
    expect(plainText).toContain('*Keboola operator* invited you');
    expect(plainText).not.toContain('<https://');
  });

  it('puts Accept and Decline (with a confirmation) on a pending invitation only', () => {
    const info = { invitationId: 'inv_1', projectName: 'Sales', role: 'readOnly', invitedBy: 'Ann', reason: 'Because', expiresAt: NOW.toISOString() };
    const pending = invitationMessage(info, { status: 'pending' });
    expect(actionIdsOf(pending.blocks)).toEqual([ACTION.invitationAccept, ACTION.invitationDecline]);
    expect(JSON.stringify(pending.blocks)).toContain('"confirm"');
    expect(textOf(pending.blocks)).toContain('*Read only*');
    for (const status of ['accepted', 'declined', 'cancelled'] as const) {
      expect(actionIdsOf(invitationMessage(info, { status, at: NOW.toISOString() }).blocks)).toEqual([]);
    }
    expect(actionIdsOf(invitationMessage(info, { status: 'expired' }).blocks)).toEqual([]);
  });

  it('shows the token once with the warning, and nowhere but its own block', () => {
    const secret = 'kbcm_secretsecretsecretsecretsecret123456';
    const view = tokenCreatedModal({ token: token(1), secret });
    expect(view.callback_id).toBe(CALLBACK.tokenCreated);
    expect(textOf(view)).toContain(TOKEN_ONCE_WARNING);
    expect(JSON.stringify(view).split(secret)).toHaveLength(2);
    expect(view.private_metadata).toBeUndefined();
    expect(view.submit).toBeUndefined();
  });

  it('asks for the TOTP code only when the account has MFA', () => {
    expect(actionIdsOf(tokenFormModal({ withTotp: true }))).toContain(ACTION.tokenTotp);
    expect(actionIdsOf(tokenFormModal({ withTotp: false }))).not.toContain(ACTION.tokenTotp);
  });

  it('lists every token on the Home tab within 3000 characters, never cutting a date code', () => {
    const tokens = range(60).map((n) => ({ ...token(n), description: `${n} ${'&'.repeat(96)}`.slice(0, 100) }));
    const home = homeView(homeData({ account, unread: 0, pending: [], expiringTokens: [], now: NOW }, { tokens }));
    const sections = (home.blocks as { type: string; text?: { text: string } }[]).flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));
    expect(sections.join('\n')).toMatch(/Access tokens \(60\)[\s\S]*…and \d+ more\./);
    for (const text of sections) {
      expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(text.match(/<!date\^/g)?.length ?? 0).toBe(text.match(/<!date\^[^<>]*>/g)?.length ?? 0);
    }
  });

  it('emits only action ids that a listener handles (besides form inputs)', () => {
    const overview: AccountOverview = { account, unread: 1, pending: [invitation(1)], expiringTokens: [token(1)], now: NOW };
    const everything = [
      invitationsModal([invitation(1)]),
      notificationsModal({ items: [notification(1)], next: null, unread: 1 }),
      tokensModal([token(1)]),
      tokenFormModal({ withTotp: true }),
      homeView(homeData(overview, { unreadItems: [notification(1)], tokens: [token(1)] })),
      homeView(null),
      statusMessage(overview).blocks,
      notificationMessage({ notificationId: 'ntf_1', kind: 'limit', title: 't', message: 'm', link: 'https://x.example.com/a|b>', publishedAt: null }, false).blocks,
      tokenExpiringMessage({ description: 'd', hint: 'abcd', expiresAt: '2026-01-20T09:00:00.000Z' }, NOW).blocks,
    ];
    const ids = new Set(everything.flatMap((view) => actionIdsOf(view)));
    for (const id of ids) expect([...LISTENED_ACTIONS, ...INPUT_ACTIONS]).toContain(id);
  });

  it('has words for every error code, and a generic text for anything else', () => {
    for (const code of ERROR_CODES) expect(errorCodeText(code, {}).length).toBeGreaterThan(10);
    expect(errorCodeText('INVITATION_ALREADY_ANSWERED', { status: 'declined', answeredAt: NOW.toISOString() })).toContain('You already declined');
    expect(errorText(new Error('database exploded at /srv/file.ts:12'))).toBe(GENERIC_FAILURE);
  });

  it('words a refused MFA code for what it was: a reused recovery code says how many are left, not to wait for the app', () => {
    expect(errorCodeText('MFA_CODE_REUSED', { factor: 'recovery', recoveryCodesLeft: 4 })).toBe('That recovery code was already used. Recovery codes left: 4.');
    expect(errorCodeText('MFA_CODE_REUSED', { factor: 'app' })).toMatch(/Wait for the next code/);
    expect(errorCodeText('MFA_CODE_MALFORMED', { recoveryAccepted: false })).toBe('Enter the 6-digit code from your authenticator app.');
    expect(errorCodeText('MFA_CODE_MALFORMED', { recoveryAccepted: true })).toMatch(/or one of your recovery codes/);
  });

  it('explains linking in the help', () => {
    const help = textOf(helpMessage({ command: '/kbc', linkedEmail: null }).blocks);
    expect(help).toContain('/kbc link ABCD-EFGH');
    expect(help).toContain('/kbc token');
  });
});
