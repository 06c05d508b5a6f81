import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, FakeClock } from '../../../src/core/index.ts';
import { makeAccount, openTestPostgresStore, TEST_SECRET_KEY, testStoreKind } from '../../support/core.ts';

/** How long an operation may take while another transaction holds rows it must not need. */
const BOUND_MS = 5_000;

/** Resolves to what `work` gives, or to 'blocked' when it has not finished within BOUND_MS. */
async function within<T>(work: Promise<T>): Promise<T | 'blocked'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'blocked'>((resolve) => (timer = setTimeout(() => resolve('blocked'), BOUND_MS)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PostgreSQL only: a transaction's `get/find/page` lock rows (FOR UPDATE), so publishing and
 * reading notifications must consult shared rows (other accounts, broadcast notifications,
 * projects) through `tx.peek`. Memory and file stores run one transaction at a time, where there
 * is nothing to observe.
 */
describe.skipIf(testStoreKind() !== 'postgres' || !process.env.KBC_TEST_DATABASE_URL)('notifications: locks on PostgreSQL', () => {
  it('publishes to everyone and marks a broadcast read while another transaction holds unrelated rows', async () => {
    const store = await openTestPostgresStore();
    const core = createCore({ store, clock: new FakeClock(), hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
    const annId = await makeAccount(core, 'ann@example.com');
    const bobId = await makeAccount(core, 'bob@example.com');
    const project = await core.projects.create({ name: 'Analytics' });
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    // Bob linked Slack, so publishing to everyone fans out to him.
    await store.transact(async (tx) => {
      tx.put('slackLinks', bobId, { accountId: bobId, teamId: 'T1', userId: 'U_BOB', linkedAt: '2026-01-15T08:00:00.000Z' });
    });
    const earlier = (await core.notifications.publish({ kind: 'announcement', title: 'Earlier', message: 'Hello.', audience: { type: 'all' } })).notification.id;

    // Another transaction holds Bob's account, the broadcast and Ann's project (as Bob's own
    // work, or another "mark all read", would) until released.
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = store.transact(async (tx) => {
      await tx.get('accounts', bobId);
      await tx.get('notifications', earlier);
      await tx.get('projects', project.id);
      held();
      await released;
    });
    await holding;
    try {
      const published = await within(core.notifications.publish({ kind: 'announcement', title: 'Now', message: 'Hello again.', audience: { type: 'all' } }));
      expect(published).not.toBe('blocked');
      expect(published).toMatchObject({ recipients: 2 });
      expect(await within(core.notifications.markRead(annId, earlier))).toMatchObject({ id: earlier, read: true });
      expect(await within(core.notifications.markAllRead(annId))).toMatchObject({ marked: 1 });
    } finally {
      release();
      await holder;
    }
    expect(await core.notifications.unreadCount(annId)).toBe(0);
    expect(await core.notifications.unreadCount(bobId)).toBe(2);
    // The fan-out still queued Bob's DM for the new notification.
    const outbox = await store.view(async (view) => (await view.find('outbox', 'account', bobId)).map((entry) => [entry.kind, entry.payload['title']]));
    expect(outbox.sort()).toEqual([['notification.published', 'Earlier'], ['notification.published', 'Now']]);
  });
});
