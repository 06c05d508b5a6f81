import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { enableMfa } from '../core/mfa/mfa-helpers.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, EVE, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';

const BASE = 'https://kbc.example.com/admin/projects/';

/** Ann admins Sales (no end) and is a 30-day guest of Finance, which requires MFA; she has none. */
async function annWithProjects(options: { projectBaseUrl?: string } = {}) {
  const h = await startHarness(options);
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const sales = await h.core.projects.create({ name: 'Sales *team*' });
  await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', role: 'admin' });
  const finance = await h.core.projects.create({ name: 'Finance' });
  await h.core.projects.addMember({ projectId: finance.id, email: 'ann@example.com', membershipDays: 30 });
  await h.core.projects.requireMfa({ projectId: finance.id, deadline: new Date(h.clock.now().getTime() + 5 * 86_400_000) });
  return { h, ann, sales, finance };
}

/** The last ephemeral reply's blocks, as text (line breaks kept), with the action ids in them. */
const lastReply = (h: Harness) => {
  const blocks = h.api.responses.at(-1)?.body['blocks'];
  return `${textOf(blocks)} ${actionIdsOf(blocks).join(' ')}`;
};

describe('/kbc projects', () => {
  it('lists each project with the role, "member until" as a Slack date, MFA required with the deadline, and links under KBC_PROJECT_BASE_URL', async () => {
    const { h, ann, sales, finance } = await annWithProjects({ projectBaseUrl: BASE });
    await h.command(ANN, 'projects');
    const reply = lastReply(h);
    const until = (await h.core.projects.getForAccount(ann, finance.id)).membership.expiresAt!;
    expect(reply).toContain(`<${BASE}${finance.numericId}|Finance>* — Guest · member until <!date^${Math.floor(Date.parse(until) / 1000)}^{date_short_pretty} at {time}|`);
    expect(reply).toMatch(/:lock: MFA required: enable it by <!date\^\d+\^/);
    // The name's formatting is shown, not obeyed; the role is in words.
    expect(reply).toContain(`<${BASE}${sales.numericId}|Sales \u2217team\u2217>* — Admin`);
    expect(reply).not.toMatch(/Sales[^\n]*member until/);
    expect(reply).toContain(ACTION.openRequestAccess);
    expect(reply).toContain(ACTION.openJoinRequests);
  });

  it('says "no access" past the deadline without MFA, "MFA required" alone once MFA is on, and nothing once the requirement is lifted', async () => {
    const { h, ann, finance } = await annWithProjects();
    h.clock.advance({ days: 6 });
    await h.command(ANN, 'projects');
    expect(lastReply(h)).toContain('*Finance* — Guest');
    expect(lastReply(h)).toContain('MFA required: no access until you enable MFA');
    await enableMfa(h.core, h.clock, ann);
    await h.command(ANN, 'projects');
    expect(lastReply(h)).toContain(':lock: MFA required\n');
    await h.core.projects.requireMfa({ projectId: finance.id, off: true });
    await h.command(ANN, 'projects');
    expect(lastReply(h)).not.toContain('MFA required');
  });

  it('tells an account without projects how to get one, and an unlinked user how to link', async () => {
    const h = await startHarness();
    const bob = await makeAccount(h.core, 'bob@example.com');
    await linkSlack(h.core, bob, ANN);
    await h.command(ANN, 'projects');
    expect(lastReply(h)).toContain('You are not a member of any project yet');
    await h.command(EVE, 'projects');
    expect(lastReply(h)).toContain('not linked to a Keboola account yet');
  });
});

describe('Your projects on the Home tab', () => {
  it('shows the projects with member until and MFA required, with "Ask to join a project"', async () => {
    const { h } = await annWithProjects({ projectBaseUrl: BASE });
    await h.event(ANN, { type: 'app_home_opened', user: ANN.userId, channel: 'D0ANN', tab: 'home', event_ts: '1' });
    const home = h.api.homes.get(ANN.userId)!;
    const words = textOf(home);
    expect(words).toContain('*Your projects (2)*');
    expect(words).toMatch(/Finance>\* — Guest · member until <!date\^/);
    expect(words).toContain('MFA required');
    expect(actionIdsOf(home)).toContain(ACTION.openRequestAccess);
  });
});
