import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../support/core.ts';
import { eventually, renderDashboard } from './harness.tsx';

describe('periodic jobs from the dashboard', () => {
  it('sends a due reminder when the dashboard opens, without the Slack app', async () => {
    const { core, clock } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    await core.tokens.create(ann, { description: 'CI deploys', expiresInDays: 10 });
    clock.advance({ days: 4 });
    expect(await core.notifications.unreadCount(ann)).toBe(0);
    const harness = await renderDashboard(core);
    await eventually(async () => {
      const { items } = await core.notifications.listForAccount(ann);
      expect(items.map((n) => n.title)).toEqual(['Access token "CI deploys" expires in 7 days']);
    });
    await harness.unmount();
  });

  it('sends membership reminders and ends memberships whose time came, without the Slack app', async () => {
    const { core, clock } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const project = await core.projects.create({ name: 'Sales' });
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 3 });
    clock.advance({ days: 3 });
    const harness = await renderDashboard(core);
    await eventually(async () => {
      expect((await core.projects.get(project.id)).members).toEqual([]);
    });
    expect((await core.notifications.listForAccount(ann)).items.map((n) => n.title)).toEqual(['Your membership of Sales has ended']);
    await harness.unmount();
  });
});
