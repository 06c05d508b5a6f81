import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/store/store.ts';
import { makeAccount, storeContents, testCore } from '../../support/core.ts';
import { enableMfa } from '../mfa/mfa-helpers.ts';

async function linkSlack(store: Store, accountId: string) {
  await store.transact(async (tx) => {
    tx.put('slackLinks', accountId, { accountId, teamId: 'T1', userId: `U-${accountId}`, linkedAt: '2026-01-15T09:00:00.000Z' });
  });
}

async function outboxOf(store: Store, accountId: string) {
  return (await store.view((view) => view.page('outbox', 'pending', { key: 'pending', limit: 100 }))).items.filter((e) => e.accountId === accountId);
}

async function setup() {
  const t = testCore('2026-01-15T09:00:00.000Z');
  const project = await t.core.projects.create({ name: 'Sales' });
  const adminId = await makeAccount(t.core, 'boss@example.com');
  const annId = await makeAccount(t.core, 'ann@example.com');
  const eveId = await makeAccount(t.core, 'eve@example.com');
  await t.core.projects.addMember({ projectId: project.id, email: 'boss@example.com', role: 'admin' });
  return { ...t, project, adminId, annId, eveId };
}

describe('join requests', () => {
  it('takes the project by its id or by the number people see, and says plainly when neither names one', async () => {
    const { core, project, annId, eveId } = await setup();
    const byNumber = await core.joinRequests.request(annId, { projectId: ` ${project.numericId} ` });
    expect(byNumber).toMatchObject({ projectId: project.id, projectName: 'Sales' });
    await expect(core.joinRequests.request(eveId, { projectId: '999999' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND', message: 'No project has the number 999999.' });
    await expect(core.joinRequests.request(eveId, { projectId: 'constructor' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(await core.joinRequests.listOwn(eveId)).toEqual([]);
  });

  it('reaches the admins (bell and a Slack DM each), and an approval makes a membership with the lifetime', async () => {
    const { core, clock, store, project, adminId, annId } = await setup();
    await linkSlack(store, adminId);
    const request = await core.joinRequests.request(annId, { projectId: project.id, reason: 'Quarterly report', membershipDays: 14 });
    expect(request).toMatchObject({ status: 'pending', projectName: 'Sales', email: 'ann@example.com', membershipDays: 14, expiresAt: '2026-01-22T09:00:00.000Z' });
    expect((await core.notifications.listForAccount(adminId)).items.map((n) => n.title)).toEqual([expect.stringContaining('asks to join Sales')]);
    const dms = await outboxOf(store, adminId);
    expect(dms.map((e) => [e.kind, e.ref])).toEqual([['join-request.created', `join-request:${request.id}:${adminId}`]]);
    expect(await core.joinRequests.listToAnswer(adminId)).toMatchObject([{ id: request.id }]);
    expect(await core.joinRequests.listOwn(annId)).toMatchObject([{ id: request.id, status: 'pending' }]);

    clock.advance({ days: 1 });
    const approved = await core.joinRequests.approve(request.id, { accountId: adminId });
    expect(approved).toMatchObject({ status: 'approved', answeredBy: expect.stringContaining('boss@example.com') });
    expect((await core.projects.getForAccount(annId, project.id)).membership).toMatchObject({ role: 'guest', expiresAt: '2026-01-30T09:00:00.000Z' });
    // The admin's DM is updated under the same ref; the requester is told in the bell.
    expect((await outboxOf(store, adminId)).map((e) => [e.kind, e.ref])).toEqual([
      ['join-request.created', `join-request:${request.id}:${adminId}`],
      ['join-request.answered', `join-request:${request.id}:${adminId}`],
    ]);
    expect((await core.notifications.listForAccount(annId)).items.map((n) => n.title)).toEqual(['You joined Sales']);
    expect(await core.joinRequests.listToAnswer(adminId)).toEqual([]);
  });

  it('answers once: a second approval, a rejection after it, and two answers at once get JOIN_REQUEST_ALREADY_ANSWERED', async () => {
    const { core, project, adminId, annId } = await setup();
    const request = await core.joinRequests.request(annId, { projectId: project.id });
    const results = await Promise.allSettled([core.joinRequests.approve(request.id, { accountId: adminId }), core.joinRequests.approve(request.id, { accountId: adminId })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'JOIN_REQUEST_ALREADY_ANSWERED' } });
    await expect(core.joinRequests.reject(request.id, { accountId: adminId })).rejects.toMatchObject({ code: 'JOIN_REQUEST_ALREADY_ANSWERED' });
  });

  it('refuses an answer from anyone but an admin of the project, without changing anything', async () => {
    const { core, store, project, annId, eveId } = await setup();
    const request = await core.joinRequests.request(annId, { projectId: project.id });
    const before = await storeContents(store);
    await expect(core.joinRequests.approve(request.id, { accountId: eveId })).rejects.toMatchObject({ code: 'NOT_PROJECT_ADMIN' });
    await expect(core.joinRequests.reject(request.id, { accountId: annId })).rejects.toMatchObject({ code: 'NOT_PROJECT_ADMIN' });
    await expect(core.joinRequests.get(eveId, request.id)).rejects.toMatchObject({ code: 'JOIN_REQUEST_NOT_FOUND' });
    await expect(core.joinRequests.cancel(eveId, request.id)).rejects.toMatchObject({ code: 'JOIN_REQUEST_NOT_FOUND' });
    await expect(core.joinRequests.approve('constructor', { accountId: eveId })).rejects.toMatchObject({ code: 'JOIN_REQUEST_NOT_FOUND' });
    expect(await storeContents(store)).toBe(before);
  });

  it('keeps one pending request per account and project, none when a member or invited', async () => {
    const { core, project, annId, eveId } = await setup();
    await core.joinRequests.request(annId, { projectId: project.id });
    await expect(core.joinRequests.request(annId, { projectId: project.id })).rejects.toMatchObject({ code: 'JOIN_REQUEST_DUPLICATE' });
    const both = await Promise.allSettled([core.joinRequests.request(eveId, { projectId: project.id }), core.joinRequests.request(eveId, { projectId: project.id })]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expect(core.joinRequests.request(await makeAccount(core, 'boss2@example.com'), { projectId: 'prj_nope' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.joinRequests.request((await core.projects.get(project.id)).members[0]!.accountId, { projectId: project.id })).rejects.toMatchObject({
      code: 'ALREADY_MEMBER',
    });
    const carlId = await makeAccount(core, 'carl@example.com');
    await core.invitations.create({ projectId: project.id, email: 'carl@example.com' });
    await expect(core.joinRequests.request(carlId, { projectId: project.id })).rejects.toMatchObject({ code: 'ALREADY_INVITED' });
  });

  it('expires after 7 days: it cannot be answered, and a new request may be made', async () => {
    const { core, clock, project, adminId, annId } = await setup();
    const request = await core.joinRequests.request(annId, { projectId: project.id });
    clock.advance({ days: 7 });
    expect((await core.joinRequests.get(annId, request.id)).status).toBe('expired');
    await expect(core.joinRequests.approve(request.id, { accountId: adminId })).rejects.toMatchObject({ code: 'JOIN_REQUEST_EXPIRED' });
    expect(await core.joinRequests.listToAnswer(adminId)).toEqual([]);
    const again = await core.joinRequests.request(annId, { projectId: project.id });
    expect(again.status).toBe('pending');
    expect((await core.joinRequests.listOwn(annId)).map((r) => r.status)).toEqual(['pending', 'expired']);
  });

  it('lets the requester cancel; a rejection tells the requester', async () => {
    const { core, project, adminId, annId, eveId } = await setup();
    const mine = await core.joinRequests.request(annId, { projectId: project.id });
    expect((await core.joinRequests.cancel(annId, mine.id)).status).toBe('cancelled');
    await expect(core.joinRequests.approve(mine.id, { accountId: adminId })).rejects.toMatchObject({ code: 'JOIN_REQUEST_ALREADY_ANSWERED' });
    const eves = await core.joinRequests.request(eveId, { projectId: project.id });
    await core.joinRequests.reject(eves.id, { accountId: adminId });
    expect((await core.notifications.listForAccount(eveId)).items.map((n) => n.title)).toEqual(['Your request to join Sales was rejected']);
    await expect(core.projects.getForAccount(eveId, project.id)).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
  });

  it('needs MFA for a project that requires it, and refuses hostile reasons and lifetimes', async () => {
    const { core, clock, project, annId } = await setup();
    await core.projects.requireMfa({ projectId: project.id });
    await expect(core.joinRequests.request(annId, { projectId: project.id })).rejects.toMatchObject({ code: 'PROJECT_MFA_REQUIRED' });
    await enableMfa(core, clock, annId);
    await expect(core.joinRequests.request(annId, { projectId: project.id, reason: 'hi\u202Ethere' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.joinRequests.request(annId, { projectId: project.id, reason: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.joinRequests.request(annId, { projectId: project.id, membershipDays: 1e9 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await core.joinRequests.request(annId, { projectId: project.id })).status).toBe('pending');
  });
});
