import { describe, expect, it } from 'vitest';
import type { AccountSummary, JoinRequestView, MemberProjectView } from '../../src/core/index.ts';
import { homeView } from '../../src/slack/views/home.ts';
import { ownJoinRequestsModal, requestAccessModal } from '../../src/slack/views/own-join-requests.ts';
import { projectsMessage, projectsModal } from '../../src/slack/views/projects.ts';
import { MODAL_REQUESTS_TO_ANSWER_PAGE, requestsToAnswerModal } from '../../src/slack/views/requests-to-answer.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { messageProblems, viewProblems } from './support/block-kit-limits.ts';
import { textOf } from './support/harness.ts';

const NOW = new Date('2026-01-15T09:00:00.000Z');
const range = (count: number) => Array.from({ length: count }, (_, n) => n);

const project = (n: number, name = `Project ${n}`): MemberProjectView => ({
  id: `prj_${n}`,
  numericId: n + 1,
  name,
  createdAt: NOW.toISOString(),
  expiresAt: null,
  limits: {},
  usage: {},
  breachedMetrics: [],
  members: [],
  mfaRequired: n % 2 === 0 ? { since: NOW.toISOString(), deadline: '2026-01-29T09:00:00.000Z' } : null,
  membership: { role: 'guest', joinedAt: NOW.toISOString(), expiresAt: n % 3 === 0 ? '2026-02-14T09:00:00.000Z' : null, blockedByMfa: false, lastAdmin: false },
});

const request = (n: number, status: JoinRequestView['status'] = 'pending'): JoinRequestView => ({
  id: `jrq_${n}`,
  numericId: n + 1,
  accountNumericId: 1,
  projectId: `prj_${n}`,
  projectName: 'x'.repeat(500),
  projectNumericId: n + 1,
  accountId: 'acc_1',
  email: 'ann@example.com',
  name: 'Ann',
  reason: 'y'.repeat(500),
  membershipSeconds: 30 * 86_400,
  membershipDays: 30,
  membershipLifetime: '30 days',
  createdAt: NOW.toISOString(),
  expiresAt: '2026-01-22T09:00:00.000Z',
  status,
  answeredAt: status === 'pending' ? null : NOW.toISOString(),
  answeredBy: status === 'pending' ? null : 'Bob (bob@example.com)',
  rejectionReason: null,
  approvedRole: null,
});

const account: AccountSummary = {
  id: 'acc_1',
  numericId: 1,
  email: 'ann@example.com',
  name: 'Ann',
  createdAt: NOW.toISOString(),
  passwordChangedAt: NOW.toISOString(),
  mfaEnabled: false,
  recoveryCodesLeft: 0,
  lockedUntil: null,
};

describe('projects and join requests within Block Kit’s limits however many there are', () => {
  it('cuts 300 long-named projects to one section with “…and N more”, in the reply, the modal and the Home tab', () => {
    const many = range(300).map((n) => project(n, `${'Quarterly reporting '.repeat(5)}${n}`));
    const ctx = { mfaEnabled: false, projectBaseUrl: 'https://kbc.example.com/admin/projects/' };
    const reply = projectsMessage(many, ctx);
    expect(messageProblems({ ...reply })).toEqual([]);
    expect(textOf(reply.blocks)).toMatch(/…and \d+ more: the dashboard lists them all\./);
    const modal = projectsModal(many, ctx);
    expect(viewProblems(modal)).toEqual([]);
    const home = homeView({
      account,
      unread: 0,
      pending: [],
      expiringTokens: [],
      now: NOW,
      unreadItems: [],
      tokens: [],
      sessions: { active: 0, lastActiveAt: null },
      preferences: { kinds: { announcement: true, deprecation: true, migration: true, limit: true, invitation: true, token_reminder: true, project_reminder: true }, updatedAt: null },
      projectBaseUrl: ctx.projectBaseUrl,
      projects: many,
      joinRequests: range(60).map((n) => request(n)),
      requestsToAnswer: range(60).map((n) => request(200 + n)),
    });
    expect(viewProblems(home)).toEqual([]);
    expect(textOf(home)).toContain('…and 55 more: *My join requests* lists them.');
    expect(textOf(home)).toContain('*Requests to join your projects (60)*');
    expect(textOf(home)).toContain('…and 55 more.');
  });

  it('lists 100 requests in the modal: 40 pending with Cancel, the answered ones read-only, within 100 blocks', () => {
    const modal = ownJoinRequestsModal([...range(60).map((n) => request(n)), ...range(40).map((n) => request(100 + n, n % 2 === 0 ? 'rejected' : 'expired'))]);
    expect(viewProblems(modal)).toEqual([]);
    expect(textOf(modal)).toContain('…and 20 more: the dashboard lists them all.');
    // As many answered ones as fit one section (long names here), then how many more.
    expect(textOf(modal)).toMatch(/…and (\d+) older\./);
    const listed = Number(/…and (\d+) older\./.exec(textOf(modal))![1]);
    expect(listed).toBeGreaterThan(25);
    expect(textOf(modal)).not.toContain('expired <!date^1769072400^{date_short_pretty} at {time}|2026-01-22 09:00 UTC> by');
  });

  it('pages 130 requests to answer in the modal, each page within 100 blocks, with Previous / Next; a stale or forged page is kept within range', () => {
    const many = range(130).map((n) => request(n));
    const pages = Math.ceil(130 / MODAL_REQUESTS_TO_ANSWER_PAGE);
    const buttonsOf = (view: unknown) => JSON.stringify(view).match(/"text":"(Previous|Next)"/g) ?? [];
    for (let page = 1; page <= pages; page++) {
      const view = requestsToAnswerModal(many, String(page), { tone: 'success', text: 'ok' });
      expect(viewProblems(view)).toEqual([]);
      expect(view.private_metadata).toBe(String(page));
      expect(textOf(view)).toContain(`Page ${page} of ${pages}`);
      expect(JSON.stringify(view).match(/"action_id":"kbc_join_request_approve"/g)).toHaveLength(page < pages ? MODAL_REQUESTS_TO_ANSWER_PAGE : 130 - (pages - 1) * MODAL_REQUESTS_TO_ANSWER_PAGE);
      expect(buttonsOf(view)).toEqual([...(page > 1 ? ['"text":"Previous"'] : []), ...(page < pages ? ['"text":"Next"'] : [])]);
    }
    expect(textOf(requestsToAnswerModal(many, '2'))).toContain('Showing 21–40, oldest first.');
    for (const hint of ['99', '0', '-1', 'constructor', '1e3', undefined]) {
      const page = requestsToAnswerModal(many, hint).private_metadata;
      expect(['1', String(pages)]).toContain(page);
    }
    // One page: no page buttons at all; none waiting: says so.
    expect(JSON.stringify(requestsToAnswerModal(many.slice(0, 3), '1'))).not.toMatch(new RegExp(`${ACTION.requestsToAnswerPrevious}|${ACTION.requestsToAnswerNext}`));
    expect(textOf(requestsToAnswerModal([], '1'))).toContain('No request to join your projects is waiting');
  });

  it('keeps the request form’s limits: the id, the reason and the lifetime, with the id filled in', () => {
    const form = requestAccessModal('prj_123');
    expect(viewProblems(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain('"initial_value":"prj_123"');
    expect(JSON.stringify(requestAccessModal())).not.toContain('initial_value');
  });
});
