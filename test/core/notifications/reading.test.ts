import { describe, expect, it } from 'vitest';
import { insertNotification } from '../../../src/core/notifications/model.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import { makeAccount, stored, testCore } from '../../support/core.ts';

async function setup() {
  const t = testCore();
  const annId = await makeAccount(t.core, 'ann@example.com');
  const bobId = await makeAccount(t.core, 'bob@example.com');
  const project = await t.core.projects.create({ name: 'Analytics' });
  await t.core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
  const publish = async (title: string, audience: Parameters<typeof t.core.notifications.publish>[0]['audience'] = { type: 'all' }, expiresAt: Date | null = null) =>
    (await t.core.notifications.publish({ kind: 'announcement', title, message: `About ${title}`, expiresAt, audience })).notification.id;
  const titles = async (accountId: string) => (await t.core.notifications.listForAccount(accountId)).items.map((n) => [n.title, n.read]);
  return { ...t, annId, bobId, project, publish, titles };
}

describe('notifications: listing', () => {
  it('lists newest first with each one’s read state and counts', async () => {
    const { core, clock, annId, publish, titles } = await setup();
    const first = await publish('first');
    clock.advance({ minutes: 1 });
    await publish('second');
    await core.notifications.markRead(annId, first);
    expect(await titles(annId)).toEqual([['second', false], ['first', true]]);
    const page = await core.notifications.listForAccount(annId);
    expect(page).toMatchObject({ unread: 1, next: null });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ kind: 'announcement', message: 'About second', source: 'operator', audience: { type: 'all' }, link: null });
  });

  it('pages with a limit and the cursor of the previous page, and rejects a bad page', async () => {
    const { core, clock, annId, publish } = await setup();
    for (const n of [1, 2, 3, 4, 5]) {
      await publish(`n${n}`);
      clock.advance({ seconds: 1 });
    }
    const first = await core.notifications.listForAccount(annId, { limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(['n5', 'n4']);
    expect(first).toMatchObject({ unread: 5 });
    const second = await core.notifications.listForAccount(annId, { limit: 2, after: first.next });
    expect(second.items.map((n) => n.title)).toEqual(['n3', 'n2']);
    const last = await core.notifications.listForAccount(annId, { limit: 2, after: second.next });
    expect(last.items.map((n) => n.title)).toEqual(['n1']);
    expect(last.next).toBeNull();
    for (const options of [{ limit: 0 }, { limit: 201 }, { limit: 1.5 }, { after: 'not-a-cursor' }]) {
      await expect(core.notifications.listForAccount(annId, options)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });

  it('rejects an unknown account', async () => {
    const { core } = await setup();
    await expect(core.notifications.listForAccount('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.notifications.unreadCount('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.notifications.markAllRead('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('hides a notification from the instant it expires, also from the cached unread count', async () => {
    const { core, clock, annId, publish, titles } = await setup();
    await publish('lasting');
    await publish('brief', { type: 'all' }, new Date('2026-01-15T10:00:00.000Z'));
    expect(await core.notifications.unreadCount(annId)).toBe(2);
    clock.advance({ minutes: 59, seconds: 59, ms: 999 });
    expect(await core.notifications.unreadCount(annId)).toBe(2);
    clock.advance({ ms: 1 });
    expect(await core.notifications.unreadCount(annId)).toBe(1);
    expect(await titles(annId)).toEqual([['lasting', false]]);
  });

  it('shows project notifications only while the account is a member', async () => {
    const { core, clock, annId, bobId, project, publish, titles } = await setup();
    const id = await publish('for the project', { type: 'project', projectId: project.id });
    expect(await titles(bobId)).toEqual([]);
    await expect(core.notifications.markRead(bobId, id)).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    expect(await core.notifications.unreadCount(annId)).toBe(1);

    await core.projects.removeMember({ projectId: project.id, email: 'ann@example.com' });
    expect(await titles(annId)).toEqual([]);
    expect(await core.notifications.unreadCount(annId)).toBe(0);
    await expect(core.notifications.markRead(annId, id)).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });

    clock.advance({ days: 1 });
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    expect(await titles(annId)).toEqual([['for the project', false]]);
  });

  it('also hides them when the member is removed directly in the store', async () => {
    const { core, store, annId, project, publish } = await setup();
    await publish('for the project', { type: 'project', projectId: project.id });
    await store.transact(async (tx) => {
      delete (await tx.get('projects', project.id))!.members[annId];
    });
    expect(await core.notifications.listForAccount(annId)).toMatchObject({ items: [], unread: 0, next: null });
  });
});

describe('notifications: read state', () => {
  it('marks one read, idempotently and without rewriting the store the second time', async () => {
    const { core, store, annId, bobId, publish } = await setup();
    const id = await publish('one');
    await publish('two');
    expect(await core.notifications.markRead(annId, id)).toMatchObject({ id, read: true, title: 'one' });
    const after = await store.changeSignal();
    expect(await core.notifications.markRead(annId, id)).toMatchObject({ id, read: true });
    expect(await store.changeSignal()).toBe(after);
    expect(await core.notifications.unreadCount(annId)).toBe(1);
    expect(await core.notifications.unreadCount(bobId)).toBe(2);
  });

  it('gets one notification with its read state, only when the account may see it', async () => {
    const { core, annId, bobId, project, publish } = await setup();
    const id = await publish('for the project', { type: 'project', projectId: project.id });
    expect(await core.notifications.getForAccount(annId, id)).toMatchObject({ id, read: false, audience: { type: 'project', projectName: 'Analytics' } });
    await core.notifications.markRead(annId, id);
    expect(await core.notifications.getForAccount(annId, id)).toMatchObject({ id, read: true });
    await expect(core.notifications.getForAccount(bobId, id)).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
  });

  it('answers NOTIFICATION_NOT_FOUND for an unknown id and an expired notification', async () => {
    const { core, clock, annId, publish } = await setup();
    await expect(core.notifications.markRead(annId, 'ntf_nope')).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    const id = await publish('brief', { type: 'all' }, new Date('2026-01-15T09:30:00.000Z'));
    clock.advance({ hours: 1 });
    await expect(core.notifications.markRead(annId, id)).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
  });

  it('marks all read with one watermark and drops the per-notification entries it covers', async () => {
    const { core, clock, store, annId, bobId, publish } = await setup();
    const first = await publish('one');
    await publish('two');
    await core.notifications.markRead(annId, first);
    clock.advance({ minutes: 1 });
    expect(await core.notifications.markAllRead(annId)).toEqual({ marked: 1, allReadAt: '2026-01-15T09:01:00.000Z' });
    expect(await stored(store, 'notificationReads', annId)).toEqual({ allReadAt: '2026-01-15T09:01:00.000Z', read: {} });
    expect(await core.notifications.unreadCount(annId)).toBe(0);
    expect(await core.notifications.unreadCount(bobId)).toBe(2);
    clock.advance({ ms: 1 });
    await publish('three');
    expect(await core.notifications.unreadCount(annId)).toBe(1);
  });

  it('counts a notification published in the same millisecond before "mark all read" as read, and one after it as unread', async () => {
    const { core, store, annId, publish, titles } = await setup();
    const before = await publish('before');
    const result = await core.notifications.markAllRead(annId);
    expect(result).toEqual({ marked: 1, allReadAt: '2026-01-15T09:00:00.000Z' });
    await publish('after');
    const state = await stored(store, 'notificationReads', annId);
    expect(Object.keys(state?.read ?? {})).toEqual([before]);
    expect(new Set(await titles(annId))).toEqual(new Set([['before', true], ['after', false]]));
    expect(await core.notifications.unreadCount(annId)).toBe(1);
  });

  it('tells notifications with the same publishedAt apart by id', async () => {
    const { core, annId, publish, titles } = await setup();
    const a = await publish('a');
    await publish('b');
    await core.notifications.markRead(annId, a);
    const list = await titles(annId);
    expect(new Set(list)).toEqual(new Set([['a', true], ['b', false]]));
    expect(await titles(annId)).toEqual(list);
  });

  it('never moves the watermark backwards; anything stamped before it counts as read', async () => {
    const { core, clock, annId, publish } = await setup();
    clock.advance({ hours: 2 });
    await core.notifications.markAllRead(annId);
    clock.set('2026-01-15T10:00:00.000Z');
    await publish('from a clock running behind');
    expect(await core.notifications.markAllRead(annId)).toEqual({ marked: 0, allReadAt: '2026-01-15T11:00:00.000Z' });
  });

  it('stays cheap and small with 1,000+ notifications', async () => {
    const { core, clock, store, annId, bobId } = await setup();
    await store.transact(async (tx) => {
      for (let i = 0; i < 1500; i++) {
        const at = new Date(clock.now().getTime() + i * 1000);
        await insertNotification(tx, at, cryptoRandom, { kind: 'announcement', title: `n${i}`, message: 'm', link: null, expiresAt: null, audience: { type: 'all' }, source: 'operator' });
      }
    });
    clock.advance({ hours: 1 });
    expect(await core.notifications.unreadCount(annId)).toBe(1500);
    const page = await core.notifications.listForAccount(annId, { limit: 3 });
    expect(page.items.map((n) => n.title)).toEqual(['n1499', 'n1498', 'n1497']);
    // The default page: NOTIFICATION_PAGE_SIZE_DEFAULT of them, and a cursor to the rest.
    const byDefault = await core.notifications.listForAccount(annId);
    expect(byDefault.items).toHaveLength(50);
    expect(byDefault.next).not.toBeNull();
    await core.notifications.markRead(annId, page.items[1]!.id);
    expect(await core.notifications.unreadCount(annId)).toBe(1499);
    expect(await core.notifications.markAllRead(annId)).toMatchObject({ marked: 1499 });
    expect((await stored(store, 'notificationReads', annId))?.read).toEqual({});
    expect(await core.notifications.unreadCount(annId)).toBe(0);
    expect(await core.notifications.unreadCount(bobId)).toBe(1500);
  });

  it('keeps a project notice unread for someone who joins the project after marking all read', async () => {
    const { core, clock, bobId, project, publish, titles } = await setup();
    await publish('over the limit', { type: 'project', projectId: project.id });
    clock.advance({ seconds: 1 });
    await publish('for everyone');
    clock.advance({ minutes: 1 });
    await core.notifications.markAllRead(bobId);
    clock.advance({ minutes: 1 });
    await core.projects.addMember({ projectId: project.id, email: 'bob@example.com' });
    // Bob could not see the project notice when he marked all read, so it is news to him now.
    expect(await titles(bobId)).toEqual([['for everyone', true], ['over the limit', false]]);
    expect(await core.notifications.unreadCount(bobId)).toBe(1);
    await core.notifications.markAllRead(bobId);
    expect(await titles(bobId)).toEqual([['for everyone', true], ['over the limit', true]]);
  });
});
