import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents, testCore } from '../../support/core.ts';

async function setup() {
  const t = testCore('2026-01-15T09:00:00.000Z');
  const project = await t.core.projects.create({ name: 'Sales' });
  const other = await t.core.projects.create({ name: 'Finance' });
  const adminId = await makeAccount(t.core, 'boss@example.com');
  const annId = await makeAccount(t.core, 'ann@example.com');
  const eveId = await makeAccount(t.core, 'eve@example.com');
  await t.core.projects.addMember({ projectId: project.id, email: 'boss@example.com', role: 'admin' });
  return { ...t, project, other, adminId, annId, eveId };
}

const titles = async (core: Awaited<ReturnType<typeof setup>>['core'], accountId: string) => (await core.notifications.listForAccount(accountId)).items.map((n) => n.title);
const messages = async (core: Awaited<ReturnType<typeof setup>>['core'], accountId: string) => (await core.notifications.listForAccount(accountId)).items.map((n) => n.message);

describe('answering join requests: the role, the reason, the operator', () => {
  it('approves with the role the admin chose, recorded and told; guest when none is given', async () => {
    const { core, project, adminId, annId, eveId } = await setup();
    const ann = await core.joinRequests.request(annId, { projectId: project.id });
    const eve = await core.joinRequests.request(eveId, { projectId: project.id });
    expect(await core.joinRequests.approve(ann.id, { accountId: adminId }, { role: 'readOnly' })).toMatchObject({ status: 'approved', approvedRole: 'readOnly' });
    expect((await core.projects.getForAccount(annId, project.id)).membership.role).toBe('readOnly');
    expect((await core.accounts.securityActivity(annId)).find((e) => e.type === 'project.joined')?.details).toMatchObject({ role: 'readOnly' });
    expect((await messages(core, annId))[0]).toContain('you are now a member of Sales (readOnly)');
    await core.joinRequests.approve(eve.id, { accountId: adminId });
    expect((await core.projects.getForAccount(eveId, project.id)).membership.role).toBe('guest');
  });

  it('refuses a role that is none of the roles, like an invitation does, without changing anything', async () => {
    const { core, store, project, adminId, annId } = await setup();
    const request = await core.joinRequests.request(annId, { projectId: project.id });
    const before = await storeContents(store);
    for (const role of ['owner', 'Admin', 'constructor', '', 'admin\u202e']) {
      await expect(core.joinRequests.approve(request.id, { accountId: adminId }, { role: role as never })).rejects.toMatchObject({ code: 'INVALID_ROLE' });
      await expect(core.invitations.create({ projectId: project.id, email: 'x@example.com', role })).rejects.toMatchObject({ code: 'INVALID_ROLE' });
    }
    expect(await storeContents(store)).toBe(before);
  });

  it('rejects with a reason the requester reads; refuses a reason with control characters', async () => {
    const { core, project, adminId, annId } = await setup();
    const request = await core.joinRequests.request(annId, { projectId: project.id });
    await expect(core.joinRequests.reject(request.id, { accountId: adminId }, { reason: 'no\u0007' })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'reason' } });
    await expect(core.joinRequests.reject(request.id, { accountId: adminId }, { reason: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const rejected = await core.joinRequests.reject(request.id, { accountId: adminId }, { reason: '  Ask Ben for read access instead ' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'Ask Ben for read access instead' });
    expect(await titles(core, annId)).toEqual(['Your request to join Sales was rejected']);
    expect((await messages(core, annId))[0]).toContain('"Ask Ben for read access instead"');
  });

  it('lets the operator list the pending requests (all, or one project’s) and answer them', async () => {
    const { core, clock, project, other, adminId, annId, eveId } = await setup();
    const first = await core.joinRequests.request(annId, { projectId: project.id });
    clock.advance({ minutes: 1 });
    const second = await core.joinRequests.request(eveId, { projectId: other.id });
    clock.advance({ minutes: 1 });
    const third = await core.joinRequests.request(eveId, { projectId: project.id });
    expect((await core.joinRequests.listPending()).items.map((r) => r.id)).toEqual([first.id, second.id, third.id]);
    expect((await core.joinRequests.listPending({ projectId: project.id })).items.map((r) => r.id)).toEqual([first.id, third.id]);
    // A page at a time.
    const page = await core.joinRequests.listPending({ limit: 2 });
    expect(page.items.map((r) => r.id)).toEqual([first.id, second.id]);
    expect((await core.joinRequests.listPending({ limit: 2, after: page.next })).items.map((r) => r.id)).toEqual([third.id]);
    await expect(core.joinRequests.listPending({ projectId: 'constructor' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.joinRequests.listPending({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    // The operator answers (no `by`): recorded as the operator, the admins' view updated.
    expect(await core.joinRequests.approve(first.id, undefined, { role: 'admin' })).toMatchObject({ status: 'approved', answeredBy: expect.stringMatching(/operator/i), approvedRole: 'admin' });
    await core.joinRequests.reject(second.id, undefined, { reason: 'Finance is closed' });
    expect((await core.joinRequests.listPending()).items.map((r) => r.id)).toEqual([third.id]);
    expect((await core.projects.getForAccount(annId, project.id)).membership.role).toBe('admin');
    expect(await core.joinRequests.listToAnswer(adminId)).toMatchObject([{ id: third.id }]);

    // Expired unanswered requests are left out.
    clock.advance({ days: 8 });
    expect((await core.joinRequests.listPending()).items).toEqual([]);
  });

  it('keeps a lifetime in seconds and ends the membership to the second', async () => {
    const { core, clock, project, adminId, annId, eveId } = await setup();
    const hour = await core.joinRequests.request(annId, { projectId: project.id, membershipSeconds: 3600 });
    expect(hour).toMatchObject({ membershipSeconds: 3600, membershipDays: null, membershipLifetime: '1 hour' });
    expect((await messages(core, adminId))[0]).toContain('for 1 hour');
    const days = await core.joinRequests.request(eveId, { projectId: project.id, membershipDays: 2 });
    expect(days).toMatchObject({ membershipSeconds: 172_800, membershipDays: 2, membershipLifetime: '2 days' });

    clock.advance({ seconds: 30 });
    await core.joinRequests.approve(hour.id, { accountId: adminId });
    expect((await core.projects.getForAccount(annId, project.id)).membership.expiresAt).toBe('2026-01-15T10:00:30.000Z');
    clock.advance({ minutes: 59, seconds: 59 });
    expect((await core.projects.listForAccount(annId)).map((p) => p.name)).toEqual(['Sales']);
    clock.advance({ seconds: 1 });
    expect(await core.projects.listForAccount(annId)).toEqual([]);
    expect(await core.projects.sweepMemberships()).toEqual({ reminded: 0, ended: 1 });
  });

  it('refuses a lifetime outside 1 second–365 days, in both units at once, or not whole', async () => {
    const { core, project, annId } = await setup();
    for (const membershipSeconds of [0, -1, 1.5, 365 * 86_400 + 1, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      await expect(core.joinRequests.request(annId, { projectId: project.id, membershipSeconds })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(core.joinRequests.request(annId, { projectId: project.id, membershipSeconds: 60, membershipDays: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await core.joinRequests.request(annId, { projectId: project.id, membershipSeconds: 365 * 86_400 })).toMatchObject({ membershipDays: 365 });
  });
});
