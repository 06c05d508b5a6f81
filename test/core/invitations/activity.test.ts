import { describe, expect, it } from 'vitest';
import { ALL } from '../../../src/core/store/indexes.ts';
import { makeAccount, stored } from '../../support/core.ts';
import { eventTypes, everyEntry, invitationWorld, linkSlack, makeProject, outboxEntries } from './setup.ts';

describe('security activity of the invitee', () => {
  it('records the invitation received, then accepted and the project joined', async () => {
    const t = await invitationWorld();
    const { core, ann, projectId } = t;
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com', role: 'share' });
    await core.invitations.accept(ann, invitation.id);
    expect(await eventTypes(t, ann)).toEqual(['account.created', 'invitation.received', 'invitation.accepted', 'project.joined']);
    const [joined, accepted, received] = await core.accounts.securityActivity(ann);
    expect(received?.details).toEqual({ invitationId: invitation.id, projectId, projectName: 'Analytics', role: 'share', invitedBy: 'Keboola operator' });
    expect(accepted?.details).toMatchObject({ invitationId: invitation.id, projectId });
    expect(joined?.details).toEqual({ projectId, projectName: 'Analytics', role: 'share', invitationId: invitation.id });
  });

  it('records a decline and a cancellation', async () => {
    const t = await invitationWorld();
    const sales = await makeProject(t, 'Sales');
    const declined = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' });
    await t.core.invitations.decline(t.ann, declined.id);
    const cancelled = await t.core.invitations.create({ projectId: sales, email: 'ann@example.com' });
    await t.core.invitations.cancel(cancelled.id);
    expect((await eventTypes(t, t.ann)).slice(1)).toEqual(['invitation.received', 'invitation.declined', 'invitation.received', 'invitation.cancelled']);
  });

  it('records nothing for an email without an account, and nothing for a failed answer', async () => {
    const t = await invitationWorld();
    await t.core.invitations.create({ projectId: t.projectId, email: 'nobody@example.com' });
    // Events are kept per account: ann is the only account, and has only her own.
    expect((await everyEntry(t.store, 'accounts', 'all', ALL)).map((account) => account.id)).toEqual([t.ann]);
    expect((await stored(t.store, 'securityEvents', t.ann))?.map((event) => event.type)).toEqual(['account.created']);
    const invitation = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' });
    t.clock.advance({ days: 8 });
    await expect(t.core.invitations.accept(t.ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_EXPIRED' });
    expect(await eventTypes(t, t.ann)).toEqual(['account.created', 'invitation.received']);
  });
});

describe('Slack outbox', () => {
  it('queues nothing for an invitee who has not linked Slack', async () => {
    const { core, store, ann, projectId } = await invitationWorld();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    await core.invitations.accept(ann, invitation.id);
    expect(await outboxEntries(store)).toEqual([]);
  });

  it('queues the invitation, then its answer, under one ref so the DM can be updated', async () => {
    const t = await invitationWorld();
    const admin = await makeAccount(t.core, 'boss@example.com');
    const projectId = await makeProject(t, 'Sales', { [admin]: 'admin' });
    await linkSlack(t, t.ann);
    const invitation = await t.core.invitations.create({ projectId, email: 'ann@example.com', role: 'admin', reason: 'Run the pipeline', invitedBy: { accountId: admin } });
    t.clock.advance({ minutes: 3 });
    await t.core.invitations.accept(t.ann, invitation.id);
    const entries = await outboxEntries(t.store);
    const common = {
      invitationId: invitation.id,
      projectId,
      // Analytics (the world's project) is 1; the inviter is not linked to Slack.
      projectNumericId: 2,
      inviterSlackUserId: null,
      projectName: 'Sales',
      projectRequiresMfa: false,
      role: 'admin',
      invitedBy: 'boss (boss@example.com)',
      reason: 'Run the pipeline',
      expiresAt: '2026-01-22T09:00:00.000Z',
    };
    expect(entries).toMatchObject([
      { kind: 'invitation.created', accountId: t.ann, ref: `invitation:${invitation.id}`, status: 'pending', payload: common },
      {
        kind: 'invitation.answered',
        accountId: t.ann,
        ref: `invitation:${invitation.id}`,
        payload: { ...common, outcome: 'accepted', answeredAt: '2026-01-15T09:03:00.000Z' },
      },
    ]);
    expect(entries[0]?.payload).toEqual(common);
  });

  it('queues a declined answer and a cancellation', async () => {
    const t = await invitationWorld();
    const sales = await makeProject(t, 'Sales');
    await linkSlack(t, t.ann);
    const declined = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' });
    t.clock.advance({ minutes: 1 });
    await t.core.invitations.decline(t.ann, declined.id);
    const cancelled = await t.core.invitations.create({ projectId: sales, email: 'ann@example.com' });
    t.clock.advance({ minutes: 1 });
    await t.core.invitations.cancel(cancelled.id);
    // The clock moved between the steps, so queue order is createdAt order.
    const byRef = async (ref: string) => (await outboxEntries(t.store)).filter((e) => e.ref === ref).map((e) => [e.kind, e.payload]);
    expect(await byRef(`invitation:${declined.id}`)).toMatchObject([
      ['invitation.created', {}],
      ['invitation.answered', { outcome: 'declined', answeredAt: '2026-01-15T09:01:00.000Z' }],
    ]);
    expect(await byRef(`invitation:${cancelled.id}`)).toMatchObject([
      ['invitation.created', {}],
      ['invitation.cancelled', { invitationId: cancelled.id, projectName: 'Sales', cancelledAt: '2026-01-15T09:02:00.000Z' }],
    ]);
  });

  it('queues nothing when the change is refused', async () => {
    const t = await invitationWorld();
    await linkSlack(t, t.ann);
    const invitation = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' });
    await expect(t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' })).rejects.toMatchObject({ code: 'INVITATION_DUPLICATE' });
    t.clock.advance({ minutes: 1 });
    await t.core.invitations.cancel(invitation.id);
    await expect(t.core.invitations.accept(t.ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_CANCELLED' });
    expect((await outboxEntries(t.store)).map((e) => e.kind)).toEqual(['invitation.created', 'invitation.cancelled']);
  });
});
