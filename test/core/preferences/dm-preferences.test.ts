import { describe, expect, it } from 'vitest';
import { DM_KINDS } from '../../../src/core/index.ts';
import { storeContents, testCore } from '../../support/core.ts';
import { dropLinkConfirmations, linkedAccount, outboxEntries } from '../outbox/support.ts';
import { makeProject } from '../invitations/setup.ts';

const allOn = Object.fromEntries(DM_KINDS.map((kind) => [kind, true]));

async function world() {
  const t = testCore('2026-03-02T09:00:00.000Z');
  const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
  await dropLinkConfirmations(t.store);
  return { ...t, ann };
}

const kindsQueued = async (t: Awaited<ReturnType<typeof world>>) =>
  Object.values(await outboxEntries(t.store)).map((entry) => `${entry.kind}:${String(entry.payload['kind'] ?? '')}`);

describe('notification preferences', () => {
  it('has every kind on until the person turns one off', async () => {
    const t = await world();
    expect(await t.core.preferences.get(t.ann)).toEqual({ kinds: allOn, updatedAt: null });
  });

  it('turns the named kinds off and on, keeping the others', async () => {
    const t = await world();
    await t.core.preferences.setDm(t.ann, { announcement: false, limit: false });
    t.clock.advance({ minutes: 1 });
    const now = await t.core.preferences.setDm(t.ann, { limit: true, token_reminder: false });
    expect(now).toEqual({ kinds: { ...allOn, announcement: false, token_reminder: false }, updatedAt: '2026-03-02T09:01:00.000Z' });
    expect(await t.core.preferences.get(t.ann)).toEqual(now);
  });

  it('refuses unknown kinds, prototype names and non-boolean values, changing nothing', async () => {
    const t = await world();
    const before = await storeContents(t.store);
    for (const change of [{ constructor: false }, { __proto__: false }, { Announcement: false }, { announcement: 'no' }, {}, null, ['announcement']]) {
      await expect(t.core.preferences.setDm(t.ann, change as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(await storeContents(t.store)).toBe(before);
    await expect(t.core.preferences.setDm('acc_nobody', { limit: false })).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('queues no DM of a kind turned off, while the bell still counts it', async () => {
    const t = await world();
    await t.core.preferences.setDm(t.ann, { announcement: false });
    const audience = { type: 'accounts' as const, emails: ['ann@example.com'] };
    await t.core.notifications.publish({ kind: 'announcement', title: 'Quiet', message: 'm', audience });
    await t.core.notifications.publish({ kind: 'deprecation', title: 'Loud', message: 'm', audience });
    expect(await kindsQueued(t)).toEqual(['notification.published:deprecation']);
    expect(await t.core.notifications.unreadCount(t.ann)).toBe(2);
  });

  it('queues no invitation DM when invitations are off, and no follow-up for it either', async () => {
    const t = await world();
    await t.core.preferences.setDm(t.ann, { invitation: false });
    const projectId = await makeProject(t);
    const invitation = await t.core.invitations.create({ projectId, email: 'ann@example.com' });
    await t.core.invitations.accept(t.ann, invitation.id);
    expect(await kindsQueued(t)).toEqual([]);
    expect((await t.core.invitations.listPending(t.ann)).length).toBe(0);
  });

  it('queues the membership and MFA deadline reminders as their own DMs, none when project reminders are off', async () => {
    const t = await world();
    const projectId = await makeProject(t);
    await t.core.projects.addMember({ projectId, email: 'ann@example.com', membershipDays: 10 });
    t.clock.advance({ days: 3 });
    await t.core.projects.sweepMemberships();
    await t.core.projects.requireMfa({ projectId });
    expect(await kindsQueued(t)).toEqual(['membership.expiring:', 'project.mfa-required:']);

    const u = await world();
    await u.core.preferences.setDm(u.ann, { project_reminder: false });
    const other = await makeProject(u);
    await u.core.projects.addMember({ projectId: other, email: 'ann@example.com', membershipDays: 10 });
    u.clock.advance({ days: 3 });
    await u.core.projects.sweepMemberships();
    await u.core.projects.requireMfa({ projectId: other });
    expect(await kindsQueued(u)).toEqual([]);
    expect(await u.core.notifications.unreadCount(u.ann)).toBe(2);
  });

  it('still updates an invitation DM that went out before invitations were turned off', async () => {
    const t = await world();
    const projectId = await makeProject(t);
    const invitation = await t.core.invitations.create({ projectId, email: 'ann@example.com' });
    await t.core.preferences.setDm(t.ann, { invitation: false });
    await t.core.invitations.decline(t.ann, invitation.id);
    expect(await kindsQueued(t)).toEqual(['invitation.created:', 'invitation.answered:']);
  });
});
