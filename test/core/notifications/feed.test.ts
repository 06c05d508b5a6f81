import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, FakeClock, openCore, type Core } from '../../../src/core/index.ts';
import { insertNotification } from '../../../src/core/notifications/model.ts';
import { NOTIFICATION_UNREAD_SCAN_MAX } from '../../../src/core/notifications/constants.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import type { Store, StoreView } from '../../../src/core/store/store.ts';
import { fileCore, makeAccount, TEST_SECRET_KEY, testCore, testStore } from '../../support/core.ts';

type Audience = Parameters<Core['notifications']['publish']>[0]['audience'];

/** Publishes `title` to `audience`, optionally expiring, and returns its id. */
async function publishOn(core: Core, title: string, audience: Audience = { type: 'all' }, expiresAt: Date | null = null): Promise<string> {
  return (await core.notifications.publish({ kind: 'announcement', title, message: `About ${title}`, expiresAt, audience })).notification.id;
}

/** Every page of `accountId`'s notifications, `limit` at a time: the titles, and how many pages it took. */
async function walk(core: Core, accountId: string, limit: number): Promise<{ titles: string[]; pages: number }> {
  const titles: string[] = [];
  let pages = 0;
  for (let after: string | null = null; ; ) {
    const page = await core.notifications.listForAccount(accountId, { limit, after });
    pages++;
    titles.push(...page.items.map((item) => item.title));
    if (!(after = page.next)) return { titles, pages };
  }
}

/**
 * A core on the test store that counts the notifications its views read through an index: how
 * much work an unread count does.
 */
function watchedCore(): { core: Core; clock: FakeClock; store: Store; notificationsRead: () => number } {
  const clock = new FakeClock();
  const inner = testStore();
  let read = 0;
  const watch = (view: StoreView): StoreView => ({
    get: (collection, id) => view.get(collection, id),
    find: (collection, index, key) => view.find(collection, index, key),
    page: async (collection, index, query) => {
      const page = await view.page(collection, index, query);
      if (collection === 'notifications') read += page.items.length;
      return page;
    },
  });
  const store: Store = {
    location: inner.location,
    transact: (work) => inner.transact(work),
    view: (work) => inner.view((view) => work(watch(view))),
    changeSignal: () => inner.changeSignal(),
    settle: (key, value) => inner.settle(key, value),
    setting: (key) => inner.setting(key),
    close: () => inner.close(),
  };
  const core = createCore({ store, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
  return { core, clock, store, notificationsRead: () => read };
}

/** Stores `count` broadcasts one second apart, ending one second before now, in one transaction. */
async function seedBroadcasts(store: Store, clock: FakeClock, count: number): Promise<void> {
  await store.transact(async (tx) => {
    for (let i = 0; i < count; i++) {
      const at = new Date(clock.now().getTime() - (count - i) * 1000);
      await insertNotification(tx, at, cryptoRandom, { kind: 'announcement', title: `old ${i}`, message: 'm', link: null, expiresAt: null, audience: { type: 'all' }, source: 'operator' });
    }
  });
}

describe('notifications: the feed', () => {
  it('merges notices to everyone, to the account and to its projects, newest first, across pages', async () => {
    const { core, clock } = testCore();
    const annId = await makeAccount(core, 'ann@example.com');
    const bobId = await makeAccount(core, 'bob@example.com');
    const analytics = await core.projects.create({ name: 'Analytics' });
    const sales = await core.projects.create({ name: 'Sales' });
    await core.projects.addMember({ projectId: analytics.id, email: 'ann@example.com' });
    const audiences: [string, Audience][] = [
      ['everyone', { type: 'all' }],
      ['analytics', { type: 'project', projectId: analytics.id }],
      ['ann', { type: 'accounts', emails: ['ann@example.com'] }],
      ['sales', { type: 'project', projectId: sales.id }],
      ['bob', { type: 'accounts', emails: ['bob@example.com'] }],
      ['ann and bob', { type: 'accounts', emails: ['ann@example.com', 'bob@example.com'] }],
    ];
    for (const [title, audience] of audiences) {
      await publishOn(core, title, audience);
      clock.advance({ seconds: 1 });
    }
    expect(await walk(core, annId, 1)).toEqual({ titles: ['ann and bob', 'ann', 'analytics', 'everyone'], pages: 4 });
    expect((await walk(core, bobId, 2)).titles).toEqual(['ann and bob', 'bob', 'everyone']);
    const first = await core.notifications.listForAccount(annId, { limit: 3 });
    expect(first.items.find((item) => item.title === 'analytics')?.audience).toEqual({ type: 'project', projectId: analytics.id, projectName: 'Analytics', projectNumericId: analytics.numericId });
  });

  it('leaves expired notifications out of its pages, however many in a row, and never repeats or skips one', async () => {
    const { core, clock } = testCore();
    const annId = await makeAccount(core, 'ann@example.com');
    const soon = new Date(clock.now().getTime() + 3_600_000);
    await publishOn(core, 'first');
    for (let n = 0; n < 9; n++) {
      clock.advance({ seconds: 1 });
      await publishOn(core, `brief ${n}`, { type: 'all' }, soon);
    }
    clock.advance({ seconds: 1 });
    await publishOn(core, 'last');
    clock.advance({ hours: 2 });
    const first = await core.notifications.listForAccount(annId, { limit: 2 });
    // A run of expired ones ends a page early rather than reading on without bound.
    expect(first.items.map((item) => item.title)).toEqual(['last']);
    expect(first.next).not.toBeNull();
    const walked = await walk(core, annId, 2);
    expect(walked.titles).toEqual(['last', 'first']);
    expect(walked.pages).toBeGreaterThan(1);
    expect(await core.notifications.unreadCount(annId)).toBe(2);
  });
});

describe('notifications: the unread count reads a bounded number of notifications', () => {
  it('reads only what was published since the last "mark all read", and nothing again until the data changes', async () => {
    const { core, clock, store, notificationsRead } = watchedCore();
    const annId = await makeAccount(core, 'ann@example.com');
    await seedBroadcasts(store, clock, 300);
    await core.notifications.markAllRead(annId);
    clock.advance({ minutes: 1 });
    await publishOn(core, 'new one');
    await publishOn(core, 'new two');
    const before = notificationsRead();
    expect(await core.notifications.unreadCount(annId)).toBe(2);
    expect(notificationsRead() - before).toBe(2);
    expect(await core.notifications.unreadCount(annId)).toBe(2);
    expect(notificationsRead() - before).toBe(2);
  });

  it(`stops counting after ${NOTIFICATION_UNREAD_SCAN_MAX} notifications read; "mark all read" still covers every older one`, async () => {
    const { core, clock, store, notificationsRead } = watchedCore();
    const annId = await makeAccount(core, 'ann@example.com');
    // Published after the account existed (what was published before is read for a new account).
    clock.advance({ hours: 2 });
    await seedBroadcasts(store, clock, NOTIFICATION_UNREAD_SCAN_MAX + 100);
    const before = notificationsRead();
    expect(await core.notifications.unreadCount(annId)).toBe(NOTIFICATION_UNREAD_SCAN_MAX);
    expect(notificationsRead() - before).toBe(NOTIFICATION_UNREAD_SCAN_MAX);
    await core.notifications.markAllRead(annId);
    expect(await core.notifications.unreadCount(annId)).toBe(0);
    const page = await core.notifications.listForAccount(annId, { limit: 200 });
    expect(page.items.every((item) => item.read)).toBe(true);
  }, 120_000); // Seeds 5,100 notifications: about 20 s on PostgreSQL on a busy machine.
});

describe('notifications: two processes on one data directory', () => {
  it('each sees what the other marked read at once, the cached count included', async () => {
    const one = await fileCore();
    const two = await openCore({ dataDir: one.dataDir, clock: one.clock, hasher: fastTestHasher(), env: {} });
    const annId = await makeAccount(one.core, 'ann@example.com');
    const first = await publishOn(one.core, 'first');
    one.clock.advance({ seconds: 1 });
    await publishOn(one.core, 'second');
    expect(await two.notifications.unreadCount(annId)).toBe(2);
    await one.core.notifications.markRead(annId, first);
    expect(await two.notifications.unreadCount(annId)).toBe(1);
    expect((await two.notifications.getForAccount(annId, first)).read).toBe(true);

    one.clock.advance({ seconds: 1 });
    const third = await publishOn(one.core, 'third');
    // At the same time: one marks the newest read, the other everything; both hold afterwards.
    const [, all] = await Promise.all([one.core.notifications.markRead(annId, third), two.notifications.markAllRead(annId)]);
    expect(all.marked).toBeLessThanOrEqual(2);
    expect(await one.core.notifications.unreadCount(annId)).toBe(0);
    expect((await one.core.notifications.listForAccount(annId)).items.map((item) => [item.title, item.read])).toEqual([
      ['third', true],
      ['second', true],
      ['first', true],
    ]);
  });
});
