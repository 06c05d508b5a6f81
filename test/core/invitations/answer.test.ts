import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../support/core.ts';
import { invitationWorld, makeProject } from './setup.ts';

describe('pending invitations', () => {
  it('lists only the account’s own open invitations, newest first, with what the invitee needs to decide', async () => {
    const t = await invitationWorld();
    const sales = await makeProject(t, 'Sales');
    const older = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com', reason: 'Q3 audit' });
    t.clock.advance({ minutes: 1 });
    const newer = await t.core.invitations.create({ projectId: sales, email: 'ann@example.com', role: 'admin' });
    await t.core.invitations.create({ projectId: sales, email: 'bob@example.com' });
    const pending = await t.core.invitations.listPending(t.ann);
    expect(pending.map((i) => i.id)).toEqual([newer.id, older.id]);
    expect(pending[1]).toMatchObject({
      projectId: t.projectId,
      projectName: 'Analytics',
      role: 'guest',
      invitedBy: 'Keboola operator',
      reason: 'Q3 audit',
      createdAt: '2026-01-15T09:00:00.000Z',
      expiresAt: '2026-01-22T09:00:00.000Z',
      status: 'pending',
    });
  });

  it('drops an invitation from the list when it expires, exactly at expiresAt', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    await core.invitations.create({ projectId, email: 'ann@example.com' });
    clock.advance({ days: 7, ms: -1 });
    expect(await core.invitations.listPending(ann)).toHaveLength(1);
    clock.advance({ ms: 1 });
    expect(await core.invitations.listPending(ann)).toEqual([]);
  });

  it('drops answered and cancelled invitations from the list', async () => {
    const t = await invitationWorld();
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((name) => makeProject(t, name)));
    const ids = [];
    for (const projectId of [a!, b!, c!]) ids.push((await t.core.invitations.create({ projectId, email: 'ann@example.com' })).id);
    await t.core.invitations.accept(t.ann, ids[0]!);
    await t.core.invitations.decline(t.ann, ids[1]!);
    await t.core.invitations.cancel(ids[2]!);
    expect(await t.core.invitations.listPending(t.ann)).toEqual([]);
  });

  it('reads only what is open: answered, cancelled and expired invitations leave the index pending ones are found by', async () => {
    const t = await invitationWorld();
    const projects = await Promise.all(['A', 'B', 'C', 'D'].map((name) => makeProject(t, name)));
    const ids = [];
    for (const projectId of projects) ids.push((await t.core.invitations.create({ projectId, email: 'ann@example.com', expiresInDays: projectId === projects[3] ? 1 : 7 })).id);
    await t.core.invitations.accept(t.ann, ids[0]!);
    await t.core.invitations.decline(t.ann, ids[1]!);
    await t.core.invitations.cancel(ids[2]!);
    const open = async () =>
      (await t.store.view((view) => view.page('invitations', 'open', { key: 'ann@example.com', from: t.clock.now().toISOString(), limit: 10 }))).items.map((i) => i.id);
    expect(await open()).toEqual([ids[3]]);
    t.clock.advance({ days: 2 });
    expect(await open()).toEqual([]);
    expect(await t.core.invitations.listPending(t.ann)).toEqual([]);
  });

  it('refuses to list for an unknown account', async () => {
    const { core } = await invitationWorld();
    await expect(core.invitations.listPending('acc_missing')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('gets one of the account’s invitations in any state, with expiry derived from the clock', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    expect((await core.invitations.get(ann, invitation.id)).status).toBe('pending');
    clock.advance({ days: 7 });
    expect((await core.invitations.get(ann, invitation.id)).status).toBe('expired');
  });
});

describe('accepting', () => {
  it('makes the account a member with the invited role and says which project to open', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com', role: 'readOnly' });
    clock.advance({ hours: 2 });
    const result = await core.invitations.accept(ann, invitation.id);
    expect(result.project).toEqual({ id: projectId, numericId: 1, name: 'Analytics' });
    expect(result.invitation).toMatchObject({ status: 'accepted', answeredAt: '2026-01-15T11:00:00.000Z' });
    expect((await core.projects.listForAccount(ann)).map((p) => p.id)).toEqual([projectId]);
    expect((await core.projects.get(projectId)).members).toEqual([
      { accountId: ann, email: 'ann@example.com', role: 'readOnly', joinedAt: '2026-01-15T11:00:00.000Z', expiresAt: null, reason: null, mfaEnabled: false },
    ]);
  });

  it('works until the last moment before expiry', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    clock.advance({ days: 7, ms: -1 });
    await expect(core.invitations.accept(ann, invitation.id)).resolves.toMatchObject({ invitation: { status: 'accepted' } });
  });

  it('rejects an invitation after it expired and adds no member', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    clock.advance({ days: 7 });
    await expect(core.invitations.accept(ann, invitation.id)).rejects.toMatchObject({
      code: 'INVITATION_EXPIRED',
      details: { expiresAt: '2026-01-22T09:00:00.000Z' },
    });
    expect((await core.projects.get(projectId)).members).toEqual([]);
  });

  it('rejects a second accept as already answered', async () => {
    const { core, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    await core.invitations.accept(ann, invitation.id);
    await expect(core.invitations.accept(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_ALREADY_ANSWERED', details: { status: 'accepted' } });
    await expect(core.invitations.decline(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_ALREADY_ANSWERED' });
  });

  it('rejects an invitation addressed to someone else without revealing it', async () => {
    const { core, projectId } = await invitationWorld();
    const bob = await makeAccount(core, 'bob@example.com');
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com', reason: 'secret plans' });
    // One at a time: started together, a quick refusal would reject before its turn to be awaited (unhandled).
    for (const attempt of [() => core.invitations.accept(bob, invitation.id), () => core.invitations.decline(bob, invitation.id), () => core.invitations.get(bob, invitation.id)]) {
      const error = await attempt().then(() => null, (e: unknown) => e as { code: string; message: string; details: object });
      expect(error?.code).toBe('INVITATION_NOT_YOURS');
      expect(error?.details).toEqual({ invitationId: invitation.id });
      expect(error?.message).not.toMatch(/Analytics|ann@|secret|guest/);
    }
    expect((await core.invitations.get((await core.accounts.findByEmail('ann@example.com'))!.id, invitation.id)).status).toBe('pending');
  });

  it('rejects an unknown invitation id', async () => {
    const { core, ann } = await invitationWorld();
    await expect(core.invitations.accept(ann, 'inv_missing')).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    await expect(core.invitations.decline(ann, 'inv_missing')).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    await expect(core.invitations.get(ann, 'inv_missing')).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
  });

  it('closes the invitation as accepted when the account became a member meanwhile, leaving the membership and role as they were', async () => {
    const t = await invitationWorld();
    const invitation = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com', role: 'admin' });
    await t.store.transact(async (tx) => {
      (await tx.get('projects', t.projectId))!.members[t.ann] = { role: 'guest', joinedAt: t.clock.now().toISOString() };
    });
    const accepted = await t.core.invitations.accept(t.ann, invitation.id);
    expect(accepted).toMatchObject({ alreadyMember: true, memberRole: 'guest', invitation: { status: 'accepted' }, project: { id: t.projectId } });
    expect((await t.core.projects.get(t.projectId)).members.map((member) => member.role)).toEqual(['guest']);
    expect(await t.core.invitations.listPending(t.ann)).toEqual([]);
    await expect(t.core.invitations.decline(t.ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_ALREADY_ANSWERED' });
  });
});

describe('declining', () => {
  it('closes the invitation for good: it can never be accepted afterwards', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    clock.advance({ minutes: 5 });
    expect(await core.invitations.decline(ann, invitation.id)).toMatchObject({ status: 'declined', answeredAt: '2026-01-15T09:05:00.000Z' });
    await expect(core.invitations.accept(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_ALREADY_ANSWERED', details: { status: 'declined' } });
    await expect(core.invitations.decline(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_ALREADY_ANSWERED' });
    expect((await core.projects.get(projectId)).members).toEqual([]);
  });

  it('rejects declining an expired invitation', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    clock.advance({ days: 8 });
    await expect(core.invitations.decline(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_EXPIRED' });
  });
});

describe('cancelling', () => {
  it('lets the operator cancel, after which the invitee gets a clear error', async () => {
    const { core, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    expect(await core.invitations.cancel(invitation.id)).toMatchObject({ status: 'cancelled', answeredAt: '2026-01-15T09:00:00.000Z' });
    await expect(core.invitations.accept(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_CANCELLED' });
    await expect(core.invitations.decline(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_CANCELLED' });
    await expect(core.invitations.cancel(invitation.id)).rejects.toMatchObject({ code: 'INVITATION_CANCELLED' });
  });

  it('refuses to cancel an answered or expired invitation, or an unknown id', async () => {
    const t = await invitationWorld();
    const sales = await makeProject(t, 'Sales');
    const accepted = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' });
    await t.core.invitations.accept(t.ann, accepted.id);
    await expect(t.core.invitations.cancel(accepted.id)).rejects.toMatchObject({ code: 'INVITATION_ALREADY_ANSWERED' });
    const expiring = await t.core.invitations.create({ projectId: sales, email: 'ann@example.com', expiresInDays: 1 });
    t.clock.advance({ days: 1 });
    await expect(t.core.invitations.cancel(expiring.id)).rejects.toMatchObject({ code: 'INVITATION_EXPIRED' });
    await expect(t.core.invitations.cancel('inv_missing')).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
  });

  it('lets a project admin cancel, but not another member', async () => {
    const t = await invitationWorld();
    const admin = await makeAccount(t.core, 'boss@example.com');
    const guest = await makeAccount(t.core, 'guest@example.com');
    const projectId = await makeProject(t, 'Sales', { [admin]: 'admin', [guest]: 'guest' });
    const invitation = await t.core.invitations.create({ projectId, email: 'ann@example.com' });
    await expect(t.core.invitations.cancel(invitation.id, { accountId: guest })).rejects.toMatchObject({ code: 'NOT_PROJECT_ADMIN' });
    await expect(t.core.invitations.cancel(invitation.id, { accountId: admin })).resolves.toMatchObject({ status: 'cancelled' });
  });
});

describe('operator listing', () => {
  it('filters by project, email and status, newest first', async () => {
    const t = await invitationWorld();
    const sales = await makeProject(t, 'Sales');
    const a = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com', expiresInDays: 1 });
    t.clock.advance({ minutes: 1 });
    const b = await t.core.invitations.create({ projectId: sales, email: 'ann@example.com' });
    t.clock.advance({ minutes: 1 });
    const c = await t.core.invitations.create({ projectId: sales, email: 'bob@example.com' });
    t.clock.advance({ days: 1 });
    const ids = async (filter: Parameters<typeof t.core.invitations.list>[0]) => (await t.core.invitations.list(filter)).items.map((i) => i.id);
    expect(await ids({})).toEqual([c.id, b.id, a.id]);
    expect(await ids({ projectId: sales })).toEqual([c.id, b.id]);
    expect(await ids({ email: ' ANN@example.com' })).toEqual([b.id, a.id]);
    expect(await ids({ status: 'expired' })).toEqual([a.id]);
    expect(await ids({ projectId: sales, email: 'bob@example.com', status: 'pending' })).toEqual([c.id]);
    await expect(t.core.invitations.list({ projectId: 'prj_missing' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(t.core.invitations.list({ email: 'nope' })).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
  });

  it('pages through the invitations newest first, each once, also when a filter leaves a page short', async () => {
    const t = await invitationWorld();
    const created: string[] = [];
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      created.push((await t.core.invitations.create({ projectId: await makeProject(t, name), email: 'ann@example.com' })).id);
      t.clock.advance({ minutes: 1 });
    }
    await t.core.invitations.cancel(created[0]!);
    await t.core.invitations.cancel(created[3]!);
    const everyPage = async (query: Parameters<typeof t.core.invitations.list>[0]) => {
      const pages: string[][] = [];
      for (let after: string | null = null; ; ) {
        const page = await t.core.invitations.list({ ...query, after });
        pages.push(page.items.map((i) => i.id));
        if (!(after = page.next)) return pages;
      }
    };
    const newestFirst = created.slice().reverse();
    expect(await everyPage({ limit: 2 })).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
    expect((await everyPage({ email: 'ann@example.com', limit: 3 })).flat()).toEqual(newestFirst);
    expect((await everyPage({ status: 'cancelled', limit: 2 })).flat()).toEqual([created[3], created[0]]);
    await expect(t.core.invitations.list({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
