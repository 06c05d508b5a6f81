import { describe, expect, it } from 'vitest';
import { ALL } from '../../../src/core/store/indexes.ts';
import { PENDING, SETTLED } from '../../../src/core/outbox/indexes.ts';
import { makeAccount, stored as storedEntry, testCore } from '../../support/core.ts';

const base = { kind: 'announcement', title: 'Maintenance', message: 'Saturday 02:00–04:00 UTC.' } as const;

async function setup() {
  const t = testCore();
  const annId = await makeAccount(t.core, 'ann@example.com');
  const bobId = await makeAccount(t.core, 'bob@example.com');
  const eveId = await makeAccount(t.core, 'eve@example.com');
  const project = await t.core.projects.create({ name: 'Analytics' });
  await t.core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
  /** Every stored notification, read through the index that files them all. */
  const stored = () => t.store.view(async (view) => (await view.page('notifications', 'all', { key: ALL, limit: 1000 })).items);
  return { ...t, annId, bobId, eveId, project, stored };
}

describe('notifications: publishing', () => {
  it('stores a broadcast to everyone once and reports how many accounts it reaches', async () => {
    const { core, annId, bobId, eveId, stored } = await setup();
    const result = await core.notifications.publish({ ...base, link: 'https://status.example.com/1', audience: { type: 'all' } });
    expect(result.recipients).toBe(3);
    expect(result.notification).toMatchObject({
      kind: 'announcement',
      title: 'Maintenance',
      link: 'https://status.example.com/1',
      source: 'operator',
      publishedAt: '2026-01-15T09:00:00.000Z',
      expiresAt: null,
      audience: { type: 'all' },
    });
    expect(await stored()).toHaveLength(1);
    for (const id of [annId, bobId, eveId]) expect(await core.notifications.unreadCount(id)).toBe(1);
  });

  it('reaches only the members of a project and names the project', async () => {
    const { core, project, annId, bobId } = await setup();
    const result = await core.notifications.publish({ ...base, kind: 'deprecation', audience: { type: 'project', projectId: project.id } });
    expect(result.recipients).toBe(1);
    expect(result.notification.audience).toEqual({ type: 'project', projectId: project.id, projectName: 'Analytics', projectNumericId: project.numericId });
    expect(await core.notifications.unreadCount(annId)).toBe(1);
    expect(await core.notifications.unreadCount(bobId)).toBe(0);
  });

  it('reaches only the accounts named by email (normalised, duplicates once), stored once', async () => {
    const { core, store, annId, bobId, eveId, stored } = await setup();
    const readStates = async () => Promise.all([annId, bobId, eveId].map((id) => storedEntry(store, 'notificationReads', id)));
    const statesBefore = await readStates();
    const result = await core.notifications.publish({ ...base, kind: 'migration', audience: { type: 'accounts', emails: ['ANN@example.com', ' bob@example.com', 'ann@example.com'] } });
    expect(result.recipients).toBe(2);
    expect(result.notification.audience).toEqual({ type: 'accounts' });
    expect((await stored())[0]?.audience).toEqual({ type: 'accounts', accountIds: [annId, bobId] });
    expect(await core.notifications.unreadCount(eveId)).toBe(0);
    // Publishing writes no account's read state: one entry, whoever it reaches.
    expect(await readStates()).toEqual(statesBefore);
  });

  it('trims the title and message and accepts the longest allowed ones', async () => {
    const { core } = await setup();
    const { notification } = await core.notifications.publish({ kind: 'limit', title: `  ${'t'.repeat(120)} `, message: 'm'.repeat(2000), audience: { type: 'all' } });
    expect(notification.title).toHaveLength(120);
    expect(notification.message).toHaveLength(2000);
  });

  it('rejects an unknown kind', async () => {
    const { core } = await setup();
    await expect(core.notifications.publish({ ...base, kind: 'spam', audience: { type: 'all' } })).rejects.toMatchObject({ code: 'NOTIFICATION_KIND_INVALID' });
  });

  it.each([
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['title', { title: 'x'.repeat(121) }],
    ['message', { message: '' }],
    ['message', { message: 'x'.repeat(2001) }],
  ])('rejects a bad %s with INVALID_INPUT naming the field', async (field, change) => {
    const { core } = await setup();
    await expect(core.notifications.publish({ ...base, ...change, audience: { type: 'all' } })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field } });
  });

  it.each(['', 'ftp://example.com/file', 'javascript:alert(1)', 'example.com/no-scheme', 'https://exa mple.com', `https://example.com/${'a'.repeat(2048)}`])(
    'rejects the link %j',
    async (link) => {
      const { core } = await setup();
      await expect(core.notifications.publish({ ...base, link, audience: { type: 'all' } })).rejects.toMatchObject({ code: 'NOTIFICATION_LINK_INVALID' });
    },
  );

  it('accepts an http link and an expiry in the future; rejects an expiry now, past or invalid', async () => {
    const { core, clock } = await setup();
    const now = clock.now();
    const ok = await core.notifications.publish({ ...base, link: 'http://example.com', expiresAt: new Date(now.getTime() + 1), audience: { type: 'all' } });
    expect(ok.notification.expiresAt).toBe('2026-01-15T09:00:00.001Z');
    for (const expiresAt of [now, new Date(now.getTime() - 1), new Date('nonsense')]) {
      await expect(core.notifications.publish({ ...base, expiresAt, audience: { type: 'all' } })).rejects.toMatchObject({ code: 'NOTIFICATION_EXPIRY_INVALID' });
    }
  });

  it('rejects an unknown project, unknown or malformed emails and an empty account list, storing nothing', async () => {
    const { core, stored } = await setup();
    const publish = (audience: Parameters<typeof core.notifications.publish>[0]['audience']) => core.notifications.publish({ ...base, audience });
    await expect(publish({ type: 'project', projectId: 'prj_nope' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(publish({ type: 'accounts', emails: ['ann@example.com', 'zed@example.com'] })).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
      details: { email: 'zed@example.com' },
    });
    await expect(publish({ type: 'accounts', emails: ['ann@'] })).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
    await expect(publish({ type: 'accounts', emails: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'audience' } });
    expect(await stored()).toEqual([]);
  });

  it('queues one Slack message per linked account in the audience, none for others', async () => {
    const { core, store, project, annId, bobId, eveId } = await setup();
    await store.transact(async (tx) => {
      for (const id of [annId, bobId]) tx.put('slackLinks', id, { accountId: id, teamId: 'T1', userId: `U_${id}`, linkedAt: '2026-01-15T08:00:00.000Z' });
    });
    const all = await core.notifications.publish({ ...base, audience: { type: 'all' } });
    const forProject = await core.notifications.publish({ ...base, audience: { type: 'project', projectId: project.id } });
    await core.notifications.publish({ ...base, audience: { type: 'accounts', emails: ['eve@example.com'] } });
    // Every outbox entry: each one is either pending or settled.
    const entries = await store.view(async (view) => [
      ...(await view.page('outbox', 'pending', { key: PENDING, limit: 1000 })).items,
      ...(await view.page('outbox', 'settled', { key: SETTLED, limit: 1000 })).items,
    ]);
    const outbox = entries.map((e) => [e.kind, e.accountId, e.ref, e.payload['notificationId']]);
    expect(outbox.sort()).toEqual(
      [
        ['notification.published', annId, `notification:${all.notification.id}:${annId}`, all.notification.id],
        ['notification.published', bobId, `notification:${all.notification.id}:${bobId}`, all.notification.id],
        ['notification.published', annId, `notification:${forProject.notification.id}:${annId}`, forProject.notification.id],
      ].sort(),
    );
    expect(outbox.some(([, accountId]) => accountId === eveId)).toBe(false);
  });
});
