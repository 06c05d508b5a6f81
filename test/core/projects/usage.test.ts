import { describe, expect, it } from 'vitest';
import { ALL } from '../../../src/core/store/indexes.ts';
import { makeAccount, testCore } from '../../support/core.ts';
import { everyEntry, outboxEntries } from '../invitations/setup.ts';

async function setup() {
  const t = testCore();
  const project = await t.core.projects.create({ name: 'Analytics', limits: { storage_gb: 10, users: 0 } });
  const annId = await makeAccount(t.core, 'ann@example.com');
  const bobId = await makeAccount(t.core, 'bob@example.com');
  const outsiderId = await makeAccount(t.core, 'eve@example.com');
  await t.core.projects.addMember({ projectId: project.id, email: 'ann@example.com', role: 'admin' });
  await t.core.projects.addMember({ projectId: project.id, email: 'bob@example.com' });
  const record = (metric: string, value: number) => t.core.projects.recordUsage({ projectId: project.id, metric, value });
  const notifications = async () => everyEntry(t.store, 'notifications', 'all', ALL);
  return { ...t, project, annId, bobId, outsiderId, record, notifications };
}

describe('projects: recording usage', () => {
  it('stores the last value with the time it was recorded', async () => {
    const { core, clock, project, record } = await setup();
    await record('storage_gb', 3);
    clock.advance({ minutes: 5 });
    const result = await record('storage_gb', 4.5);
    expect(result).toMatchObject({ metric: 'storage_gb', value: 4.5, limit: 10, overLimit: false, breached: false, rearmed: false, notificationId: null, recipients: 0 });
    expect((await core.projects.get(project.id)).usage).toEqual({ storage_gb: { value: 4.5, recordedAt: '2026-01-15T09:05:00.000Z' } });
  });

  it('records a metric without a limit but never notifies about it', async () => {
    const { core, project, record, notifications } = await setup();
    const result = await record('api_calls', 1e9);
    expect(result).toMatchObject({ limit: null, overLimit: false, breached: false });
    expect((await core.projects.get(project.id)).usage['api_calls']?.value).toBe(1e9);
    expect(await notifications()).toEqual([]);
  });

  it('does not breach at exactly the limit', async () => {
    const { record, notifications } = await setup();
    expect(await record('storage_gb', 10)).toMatchObject({ overLimit: false, breached: false });
    expect(await notifications()).toEqual([]);
  });

  it('publishes one system limit notification to the members when a reading crosses the limit', async () => {
    const { core, project, annId, bobId, outsiderId, record, notifications } = await setup();
    const result = await record('storage_gb', 12);
    expect(result).toMatchObject({ limit: 10, overLimit: true, breached: true, recipients: 2, projectName: 'Analytics' });
    expect(await notifications()).toEqual([
      expect.objectContaining({
        id: result.notificationId,
        kind: 'limit',
        source: 'system',
        audience: { type: 'project', projectId: project.id },
        title: 'Analytics: storage_gb is over its limit',
      }),
    ]);
    expect((await notifications())[0]?.message).toContain('storage_gb = 12, above its limit of 10');
    expect((await core.projects.get(project.id)).breachedMetrics).toEqual(['storage_gb']);
    expect(await core.notifications.unreadCount(annId)).toBe(1);
    expect(await core.notifications.unreadCount(bobId)).toBe(1);
    expect(await core.notifications.unreadCount(outsiderId)).toBe(0);
  });

  it('does not notify again while readings stay over the limit', async () => {
    const { core, project, record, notifications } = await setup();
    await record('storage_gb', 12);
    const again = await record('storage_gb', 15);
    const atLimitPlus = await record('storage_gb', 10.5);
    expect(again).toMatchObject({ overLimit: true, breached: false, notificationId: null, rearmed: false });
    expect(atLimitPlus).toMatchObject({ overLimit: true, breached: false });
    expect(await notifications()).toHaveLength(1);
    expect((await core.projects.get(project.id)).breachedMetrics).toEqual(['storage_gb']);
  });

  it('re-arms once a reading drops back to the limit, so a later breach notifies again', async () => {
    const { core, clock, project, record, notifications } = await setup();
    await record('storage_gb', 12);
    clock.advance({ hours: 1 });
    expect(await record('storage_gb', 10)).toMatchObject({ overLimit: false, rearmed: true, breached: false });
    expect((await core.projects.get(project.id)).breachedMetrics).toEqual([]);
    expect(await record('storage_gb', 9)).toMatchObject({ rearmed: false });
    clock.advance({ hours: 1 });
    expect(await record('storage_gb', 11)).toMatchObject({ breached: true });
    expect(await notifications()).toHaveLength(2);
  });

  it('tracks breaches per metric; a limit of 0 is breached by any positive reading', async () => {
    const { core, project, record, notifications } = await setup();
    expect(await record('users', 0)).toMatchObject({ breached: false });
    expect(await record('users', 1)).toMatchObject({ breached: true });
    expect(await record('storage_gb', 11)).toMatchObject({ breached: true });
    expect(await record('users', 0)).toMatchObject({ rearmed: true });
    expect((await core.projects.get(project.id)).breachedMetrics).toEqual(['storage_gb']);
    expect(await notifications()).toHaveLength(2);
  });

  it('queues a Slack message for members who linked Slack, and only for them', async () => {
    const { store, annId, outsiderId, record } = await setup();
    await store.transact(async (tx) => {
      for (const [accountId, userId] of [[annId, 'U_ANN'], [outsiderId, 'U_EVE']] as const) {
        tx.put('slackLinks', accountId, { accountId, teamId: 'T1', userId, linkedAt: '2026-01-15T08:00:00.000Z' });
      }
    });
    const { notificationId } = await record('storage_gb', 20);
    await record('storage_gb', 30);
    const outbox = await outboxEntries(store);
    expect(outbox).toEqual([
      expect.objectContaining({ kind: 'notification.published', accountId: annId, status: 'pending', payload: expect.objectContaining({ notificationId, kind: 'limit' }) }),
    ]);
  });

  it('rejects an unknown project, a bad metric name and a bad value, changing nothing', async () => {
    const { core, store, project, record } = await setup();
    // The change signal moves with every committed change, so an equal one means nothing was written.
    const before = await store.changeSignal();
    await expect(core.projects.recordUsage({ projectId: 'prj_nope', metric: 'storage_gb', value: 1 })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    for (const metric of ['', '9lives', 'has space', 'x'.repeat(65)]) {
      await expect(record(metric, 1)).rejects.toMatchObject({ code: 'INVALID_USAGE' });
    }
    for (const value of [-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(record('storage_gb', value)).rejects.toMatchObject({ code: 'INVALID_USAGE' });
    }
    expect(await store.changeSignal()).toBe(before);
    expect((await core.projects.get(project.id)).usage).toEqual({});
  });
});
