import { describe, expect, it } from 'vitest';
import { ALL } from '../../../src/core/store/indexes.ts';
import { makeAccount } from '../../support/core.ts';
import { everyEntry, invitationWorld, makeProject } from './setup.ts';

describe('creating invitations', () => {
  it('creates a pending guest invitation from the operator that expires in 7 days by default', async () => {
    const { core, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: '  Ann@Example.COM ' });
    expect(invitation).toMatchObject({
      email: 'ann@example.com',
      projectId,
      projectName: 'Analytics',
      role: 'guest',
      invitedBy: 'Keboola operator',
      reason: null,
      createdAt: '2026-01-15T09:00:00.000Z',
      expiresAt: '2026-01-22T09:00:00.000Z',
      status: 'pending',
      answeredAt: null,
    });
    expect(invitation.id).toMatch(/^inv_/);
  });

  it('uses the given role, expiry and trimmed reason', async () => {
    const { core, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com', role: 'readOnly', expiresInDays: 30, reason: '  Q3 audit  ' });
    expect(invitation).toMatchObject({ role: 'readOnly', reason: 'Q3 audit', expiresAt: '2026-02-14T09:00:00.000Z' });
  });

  it('stores a blank reason as none', async () => {
    const { core, projectId } = await invitationWorld();
    expect((await core.invitations.create({ projectId, email: 'ann@example.com', reason: '   ' })).reason).toBeNull();
  });

  it('accepts expiries of 1 and 30 days', async () => {
    const { core, projectId } = await invitationWorld();
    expect((await core.invitations.create({ projectId, email: 'ann@example.com', expiresInDays: 1 })).expiresAt).toBe('2026-01-16T09:00:00.000Z');
    expect((await core.invitations.create({ projectId, email: 'bob@example.com', expiresInDays: 30 })).expiresAt).toBe('2026-02-14T09:00:00.000Z');
  });

  it.each([0, -1, 31, 1.5, Number.NaN])('rejects an expiry of %s days and stores nothing', async (days) => {
    const { core, store, projectId } = await invitationWorld();
    await expect(core.invitations.create({ projectId, email: 'ann@example.com', expiresInDays: days })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await everyEntry(store, 'invitations', 'all', ALL)).toEqual([]);
  });

  it('rejects a reason over 500 characters, counting code points', async () => {
    const { core, projectId } = await invitationWorld();
    await expect(core.invitations.create({ projectId, email: 'ann@example.com', reason: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com', reason: '🎉'.repeat(500) });
    expect([...(invitation.reason ?? '')]).toHaveLength(500);
  });

  it('rejects an unknown role', async () => {
    const { core, projectId } = await invitationWorld();
    await expect(core.invitations.create({ projectId, email: 'ann@example.com', role: 'owner' })).rejects.toMatchObject({ code: 'INVALID_ROLE' });
  });

  it('rejects a malformed email', async () => {
    const { core, projectId } = await invitationWorld();
    await expect(core.invitations.create({ projectId, email: 'ann@' })).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
  });

  it('rejects an unknown project', async () => {
    const { core } = await invitationWorld();
    await expect(core.invitations.create({ projectId: 'prj_missing', email: 'ann@example.com' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it('rejects inviting an account that is already a member', async () => {
    const t = await invitationWorld();
    const projectId = await makeProject(t, 'Sales', { [t.ann]: 'guest' });
    await expect(t.core.invitations.create({ projectId, email: 'ann@example.com' })).rejects.toMatchObject({ code: 'ALREADY_MEMBER' });
  });

  it('rejects a second pending invitation of the same email to the same project', async () => {
    const { core, projectId } = await invitationWorld();
    const first = await core.invitations.create({ projectId, email: 'ann@example.com' });
    await expect(core.invitations.create({ projectId, email: 'ANN@example.com', role: 'admin' })).rejects.toMatchObject({
      code: 'INVITATION_DUPLICATE',
      details: { invitationId: first.id },
    });
  });

  it('allows the same email to be invited to another project', async () => {
    const t = await invitationWorld();
    const other = await makeProject(t, 'Sales');
    await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' });
    await expect(t.core.invitations.create({ projectId: other, email: 'ann@example.com' })).resolves.toMatchObject({ projectId: other });
  });

  it('allows a new invitation once the previous one expired, was declined or was cancelled', async () => {
    const { core, clock, ann, projectId } = await invitationWorld();
    await core.invitations.create({ projectId, email: 'ann@example.com', expiresInDays: 1 });
    clock.advance({ days: 1 });
    const second = await core.invitations.create({ projectId, email: 'ann@example.com' });
    await core.invitations.decline(ann, second.id);
    const third = await core.invitations.create({ projectId, email: 'ann@example.com' });
    await core.invitations.cancel(third.id);
    await expect(core.invitations.create({ projectId, email: 'ann@example.com' })).resolves.toMatchObject({ status: 'pending' });
  });

  describe('by an account', () => {
    it('lets an admin member invite, labelled with their name and email', async () => {
      const t = await invitationWorld();
      const admin = await makeAccount(t.core, 'boss@example.com');
      const projectId = await makeProject(t, 'Sales', { [admin]: 'admin' });
      const invitation = await t.core.invitations.create({ projectId, email: 'ann@example.com', invitedBy: { accountId: admin } });
      expect(invitation.invitedBy).toBe('boss (boss@example.com)');
    });

    it.each(['guest', 'readOnly', 'share'] as const)('refuses a %s member', async (role) => {
      const t = await invitationWorld();
      const member = await makeAccount(t.core, 'member@example.com');
      const projectId = await makeProject(t, 'Sales', { [member]: role });
      await expect(t.core.invitations.create({ projectId, email: 'ann@example.com', invitedBy: { accountId: member } })).rejects.toMatchObject({
        code: 'NOT_PROJECT_ADMIN',
      });
    });

    it('refuses an account that is not a member, and an unknown account', async () => {
      const t = await invitationWorld();
      const outsider = await makeAccount(t.core, 'out@example.com');
      await expect(t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com', invitedBy: { accountId: outsider } })).rejects.toMatchObject({
        code: 'NOT_PROJECT_ADMIN',
      });
      await expect(t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com', invitedBy: { accountId: 'acc_missing' } })).rejects.toMatchObject({
        code: 'ACCOUNT_NOT_FOUND',
      });
      expect(await everyEntry(t.store, 'invitations', 'all', ALL)).toEqual([]);
    });
  });

  describe('to an email without an account', () => {
    it('waits and shows up once an account with that email is created', async () => {
      const { core, projectId } = await invitationWorld();
      const invitation = await core.invitations.create({ projectId, email: 'New.Person@example.com', role: 'share' });
      const newcomer = await makeAccount(core, 'new.person@EXAMPLE.com');
      expect(await core.invitations.listPending(newcomer)).toEqual([invitation]);
      const accepted = await core.invitations.accept(newcomer, invitation.id);
      expect(accepted.project).toEqual({ id: projectId, numericId: 1, name: 'Analytics' });
      expect((await core.projects.get(projectId)).members).toMatchObject([{ accountId: newcomer, role: 'share' }]);
    });

    it('is still subject to its expiry', async () => {
      const { core, clock, projectId } = await invitationWorld();
      const invitation = await core.invitations.create({ projectId, email: 'late@example.com' });
      clock.advance({ days: 8 });
      const late = await makeAccount(core, 'late@example.com');
      expect(await core.invitations.listPending(late)).toEqual([]);
      await expect(core.invitations.accept(late, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_EXPIRED' });
    });
  });
});
