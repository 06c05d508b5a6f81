import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { audienceKeys } from '../../../src/core/notifications/indexes.ts';
import { makeAccount, stored, testCore } from '../../support/core.ts';

/** The titles of the notifications addressed to `accountId` alone or with others, oldest first. */
async function bell(core: Core, accountId: string): Promise<string[]> {
  return (await core.notifications.listForAccount(accountId)).items.map((n) => n.title).reverse();
}

async function linkSlack(store: Store, accountId: string) {
  await store.transact(async (tx) => {
    tx.put('slackLinks', accountId, { accountId, teamId: 'T1', userId: `U-${accountId}`, linkedAt: '2026-01-15T09:00:00.000Z' });
  });
}

async function setup() {
  const t = testCore('2026-01-15T09:00:00.000Z');
  const project = await t.core.projects.create({ name: 'Sales', members: [] });
  const adminId = await makeAccount(t.core, 'boss@example.com');
  const annId = await makeAccount(t.core, 'ann@example.com');
  await t.core.projects.addMember({ projectId: project.id, email: 'boss@example.com', role: 'admin' });
  return { ...t, project, adminId, annId };
}

describe('time-boxed membership', () => {
  it('carries an invitation’s role, reason and lifetime over to the membership on accept', async () => {
    const { core, clock, project, annId } = await setup();
    const invitation = await core.invitations.create({ projectId: project.id, email: 'ann@example.com', role: 'readOnly', reason: 'Audit', membershipExpiresInDays: 30 });
    expect(invitation.membershipDays).toBe(30);
    clock.advance({ days: 2 });
    await core.invitations.accept(annId, invitation.id);
    const mine = await core.projects.getForAccount(annId, project.id);
    expect(mine.membership).toMatchObject({ role: 'readOnly', expiresAt: '2026-02-16T09:00:00.000Z' });
    expect(mine.members.find((m) => m.accountId === annId)).toMatchObject({ reason: 'Audit', expiresAt: '2026-02-16T09:00:00.000Z' });
  });

  it('refuses a lifetime outside 1–365 whole days', async () => {
    const { core, project } = await setup();
    for (const days of [0, -1, 1.5, 366, Number.NaN]) {
      await expect(core.invitations.create({ projectId: project.id, email: 'ann@example.com', membershipExpiresInDays: days })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: days })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });

  it('reminds 7 days and 1 day before, once each, then ends the membership and tells the admins', async () => {
    const { core, clock, store, project, adminId, annId } = await setup();
    await linkSlack(store, annId);
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 10 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 0, ended: 0 });

    clock.advance({ days: 3 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 1, ended: 0 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 0, ended: 0 });
    expect(await bell(core, annId)).toEqual(['Your membership of Sales ends in 7 days']);

    clock.advance({ days: 6 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 1, ended: 0 });
    expect((await bell(core, annId)).at(-1)).toBe('Your membership of Sales ends in 1 day');

    clock.advance({ days: 1 });
    // Ended at its time even before a sweep runs.
    await expect(core.projects.getForAccount(annId, project.id)).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
    expect(await core.projects.listForAccount(annId)).toEqual([]);
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 0, ended: 1 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 0, ended: 0 });
    expect(Object.keys((await stored(store, 'projects', project.id))!.members)).toEqual([adminId]);
    expect((await bell(core, annId)).at(-1)).toBe('Your membership of Sales has ended');
    expect(await bell(core, adminId)).toContain('Ann (ann@example.com) is no longer a member of Sales'.replace('Ann', (await core.accounts.get(annId)).name));
    const activity = await core.accounts.securityActivity(annId);
    expect(activity.map((e) => e.type)).toContain('project.membership_expired');
    // The DMs went to the outbox of the linked member: two reminders and the end.
    const outbox = (await store.view((view) => view.page('outbox', 'pending', { key: 'pending', limit: 100 }))).items.filter((e) => e.accountId === annId);
    expect(outbox).toHaveLength(3);
    // Each reminder is a DM of its own kind (no second DM through the bell's notification); the end is a notification DM.
    expect(outbox.map((entry) => [entry.kind, entry.payload['reminder'] ?? null])).toEqual([
      ['membership.expiring', '7d'],
      ['membership.expiring', '1d'],
      ['notification.published', null],
    ]);
    expect(outbox[0]!.payload).toMatchObject({ projectId: project.id, projectName: 'Sales', expiresAt: '2026-01-25T09:00:00.000Z' });
  });

  it('sends only the most urgent reminder when several fell due while no sweep ran', async () => {
    const { core, clock, project, annId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 10 });
    clock.advance({ days: 9, hours: 12 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 1, ended: 0 });
    expect(await bell(core, annId)).toEqual(['Your membership of Sales ends in 1 day']);
  });

  it('gives a 3-day membership only the 1-day reminder', async () => {
    const { core, clock, project, annId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 3 });
    clock.advance({ days: 1 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 0, ended: 0 });
    clock.advance({ days: 1 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 1, ended: 0 });
    expect(await bell(core, annId)).toEqual(['Your membership of Sales ends in 1 day']);
  });

  it('is swept once when two sweeps run at once', async () => {
    const { core, clock, project } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 10 });
    clock.advance({ days: 11 });
    const results = await Promise.all([core.projects.sweepMemberships(), core.projects.sweepMemberships()]);
    expect(results.reduce((sum, r) => sum + r.ended, 0)).toBe(1);
  });

  it('extends a membership: the end moves, passed reminders are not sent late, and the new 1-day one comes', async () => {
    const { core, clock, project, annId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 10 });
    clock.advance({ days: 8 });
    await core.projects.extendMember({ projectId: project.id, email: 'ann@example.com', until: new Date('2026-01-27T09:00:00.000Z') });
    expect((await core.projects.getForAccount(annId, project.id)).membership.expiresAt).toBe('2026-01-27T09:00:00.000Z');
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 0, ended: 0 });
    clock.advance({ days: 3, hours: 1 });
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 1, ended: 0 });
    expect(await bell(core, annId)).toEqual(['Your membership of Sales ends in 1 day']);
  });

  it('refuses to extend into the past, a membership without an end, or a non-member', async () => {
    const { core, project } = await setup();
    await expect(core.projects.extendMember({ projectId: project.id, email: 'boss@example.com', until: new Date('2027-01-01') })).rejects.toMatchObject({
      code: 'MEMBERSHIP_NOT_TIME_BOXED',
    });
    await expect(core.projects.extendMember({ projectId: project.id, email: 'ann@example.com', until: new Date('2027-01-01') })).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 5 });
    await expect(core.projects.extendMember({ projectId: project.id, email: 'ann@example.com', until: new Date('2025-01-01') })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.projects.extendMember({ projectId: project.id, email: 'ann@example.com', until: new Date('nonsense') })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('leaving a project', () => {
  it('lets a member leave, and refuses the last admin with the reason', async () => {
    const { core, project, adminId, annId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    await core.projects.leave(annId, project.id);
    expect(await core.projects.listForAccount(annId)).toEqual([]);
    expect((await core.accounts.securityActivity(annId)).map((e) => e.type)).toContain('project.left');
    await expect(core.projects.leave(annId, project.id)).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });

    expect((await core.projects.getForAccount(adminId, project.id)).membership.lastAdmin).toBe(true);
    const refusal = core.projects.leave(adminId, project.id);
    await expect(refusal).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    await expect(refusal).rejects.toThrow(/last admin of Sales/);
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', role: 'admin' });
    await core.projects.leave(adminId, project.id);
    expect((await core.projects.get(project.id)).members.map((m) => m.email)).toEqual(['ann@example.com']);
  });

  it('refuses ids like constructor without changing anything', async () => {
    const { core, annId } = await setup();
    await expect(core.projects.leave(annId, 'constructor')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });
});
