import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { makeAccount, testCore } from '../../support/core.ts';

async function linkSlack(store: Store, accountId: string) {
  await store.transact(async (tx) => {
    tx.put('slackLinks', accountId, { accountId, teamId: 'T1', userId: `U-${accountId}`, linkedAt: '2026-01-15T09:00:00.000Z' });
  });
}

/** The Slack DMs queued for `accountId`: kind and title. */
async function dmsOf(store: Store, accountId: string) {
  const { items } = await store.view((view) => view.page('outbox', 'pending', { key: 'pending', limit: 100 }));
  return items.filter((entry) => entry.accountId === accountId).map((entry) => (entry.payload as { title?: string }).title);
}

const bell = async (core: Core, accountId: string) => (await core.notifications.listForAccount(accountId)).items.map((n) => n.title);

async function setup() {
  const t = testCore('2026-01-15T09:00:00.000Z');
  const project = await t.core.projects.create({ name: 'Sales' });
  const bossId = await makeAccount(t.core, 'boss@example.com');
  const deputyId = await makeAccount(t.core, 'deputy@example.com');
  const annId = await makeAccount(t.core, 'ann@example.com');
  await t.core.projects.addMember({ projectId: project.id, email: 'boss@example.com', role: 'admin' });
  await t.core.projects.addMember({ projectId: project.id, email: 'deputy@example.com', role: 'admin' });
  await t.core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
  await linkSlack(t.store, bossId);
  await linkSlack(t.store, deputyId);
  return { ...t, project, bossId, deputyId, annId };
}

describe('admins are told when someone leaves', () => {
  it('tells every admin in the bell and by Slack DM, as their DM preferences allow', async () => {
    const { core, store, project, bossId, deputyId, annId } = await setup();
    const name = (await core.accounts.get(annId)).name;
    await core.preferences.setDm(deputyId, { announcement: false });
    await core.projects.leave(annId, project.id);
    const title = `${name} (ann@example.com) left Sales`;
    expect(await bell(core, bossId)).toEqual([title]);
    expect(await bell(core, deputyId)).toEqual([title]);
    expect(await dmsOf(store, bossId)).toEqual([title]);
    // The deputy turned announcement DMs off: the bell only.
    expect(await dmsOf(store, deputyId)).toEqual([]);
    // The member who left is not told of it.
    expect(await bell(core, annId)).toEqual([]);
  });

  it('tells the other admins when an admin leaves, not the one leaving', async () => {
    const { core, project, bossId, deputyId } = await setup();
    await core.projects.leave(deputyId, project.id);
    expect(await bell(core, bossId)).toEqual([expect.stringContaining('(deputy@example.com) left Sales')]);
    expect(await bell(core, deputyId)).toEqual([]);
  });

  it('says the same way when a time-boxed membership ends', async () => {
    const { core, clock, store, project, bossId } = await setup();
    await makeAccount(core, 'temp@example.com');
    await core.projects.addMember({ projectId: project.id, email: 'temp@example.com', membershipDays: 1 });
    clock.advance({ days: 1 });
    await core.projects.sweepMemberships();
    const ended = (await bell(core, bossId)).filter((t) => t.includes('temp@example.com'));
    expect(ended).toEqual([expect.stringContaining('(temp@example.com) is no longer a member of Sales')]);
    expect((await dmsOf(store, bossId)).filter((t) => t?.includes('temp@example.com'))).toEqual(ended);
  });

  it('tells nobody when a refused leave changed nothing', async () => {
    const { core, project, bossId, deputyId, annId } = await setup();
    await core.projects.leave(deputyId, project.id);
    await expect(core.projects.leave(bossId, project.id)).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    await expect(core.projects.leave(annId, 'constructor')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(await bell(core, bossId)).toHaveLength(1);
  });
});
