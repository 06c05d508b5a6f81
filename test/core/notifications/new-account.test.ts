import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../../support/core.ts';

/*
 * What a new account sees of what was published before it existed (issue 12): the broadcasts are
 * in its list, read; only what is published afterwards is unread. A project's notices are new to
 * whoever joins it, whenever that is.
 */
describe('notifications of a new account', () => {
  const publish = (core: ReturnType<typeof testCore>['core'], title: string, audience: { type: 'all' } | { type: 'project'; projectId: string } = { type: 'all' }) =>
    core.notifications.publish({ kind: 'announcement', title, message: `About ${title}`, audience });

  it('lists the broadcasts published before it existed as read; the bell counts only what came after', async () => {
    const { core, clock } = testCore();
    await publish(core, 'Old news');
    clock.advance({ minutes: 1 });
    const accountId = await makeAccount(core, 'new@example.com');
    expect(await core.notifications.unreadCount(accountId)).toBe(0);
    const before = await core.notifications.listForAccount(accountId, { limit: 10, after: null });
    expect(before.items.map((item) => [item.title, item.read])).toEqual([['Old news', true]]);

    clock.advance({ minutes: 1 });
    await publish(core, 'Fresh news');
    expect(await core.notifications.unreadCount(accountId)).toBe(1);
    const after = await core.notifications.listForAccount(accountId, { limit: 10, after: null });
    expect(after.items.map((item) => [item.title, item.read])).toEqual([
      ['Fresh news', false],
      ['Old news', true],
    ]);
  });

  it('a broadcast published in the same millisecond as the account is new to it', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'same@example.com');
    await publish(core, 'Same instant');
    expect(await core.notifications.unreadCount(accountId)).toBe(1);
  });

  it('the notices of a project it joins later are unread, however old', async () => {
    const { core, clock } = testCore();
    const project = await core.projects.create({ name: 'Warehouse' });
    await publish(core, 'Maintenance window', { type: 'project', projectId: project.id });
    clock.advance({ minutes: 1 });
    const accountId = await makeAccount(core, 'joiner@example.com');
    clock.advance({ minutes: 1 });
    await core.projects.addMember({ projectId: project.id, email: 'joiner@example.com', role: 'guest' });
    expect(await core.notifications.unreadCount(accountId)).toBe(1);
  });
});
