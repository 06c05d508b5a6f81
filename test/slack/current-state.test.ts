import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, click, linkSlack, startHarness, startWithAnnLinked, textOf, waitFor } from './support/harness.ts';

const setup = () => startWithAnnLinked();

describe('invitation DMs show the invitation as it stands when they are delivered', () => {
  it('posts an invitation that expired while Slack was unreachable as expired, without Accept and Decline', async () => {
    const { h, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com', expiresInDays: 1 });
    h.api.failNext('chat.postMessage', { status: 500 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    h.clock.advance({ days: 2 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const where = (await h.core.outbox.messageFor(`invitation:${invitation.id}`))!;
    const dm = h.api.messages.get(`${where.channel}/${where.ts}`)!;
    expect(actionIdsOf(dm.blocks)).toEqual([]);
    expect(textOf(dm.blocks)).toContain('expired');
  });

  it('posts an invitation answered in the dashboard before its first DM went out as answered', async () => {
    const { h, ann, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    h.api.failNext('chat.postMessage', { status: 500 });
    await h.slack.delivery.deliverDue();
    await h.core.invitations.accept(ann, invitation.id);
    h.clock.advance({ minutes: 1 });
    await h.slack.delivery.deliverDue();
    const posted = h.api.callsTo('chat.postMessage').slice(1);
    expect(posted).toHaveLength(1);
    expect(actionIdsOf(posted[0]!.args['blocks'])).toEqual([]);
    expect(textOf(posted[0]!.args['blocks'])).toContain('You accepted the invitation to *Sales*');
  });
});

describe('accepting an invitation to a project one already belongs to', () => {
  it('closes the invitation as resolved, keeps the role, and updates the DM without buttons', async () => {
    const { h, ann, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com', role: 'admin' });
    await h.slack.delivery.deliverDue();
    await h.store.transact(async (tx) => {
      (await tx.get('projects', project.id))!.members[ann] = { role: 'guest', joinedAt: h.clock.now().toISOString() };
    });
    const dm = (await h.core.outbox.messageFor(`invitation:${invitation.id}`))!;
    const response = await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', channel: dm.channel, ts: dm.ts }));
    expect(response.status).toBe(200);
    const shown = h.api.messages.get(`${dm.channel}/${dm.ts}`)!;
    expect(actionIdsOf(shown.blocks)).toEqual([]);
    expect(textOf(shown.blocks)).toContain('You were already a member of *Sales*, so the invitation is closed');
    expect(h.replies().join('\n')).not.toContain('Decline the invitation');
    expect(await h.core.invitations.listPending(ann)).toEqual([]);
    expect((await h.core.projects.get(project.id)).members.map((member) => member.role)).toEqual(['guest']);
    // The outbox's own update of the DM says the same, not "you joined as Admin".
    await h.slack.delivery.deliverDue();
    expect(textOf(h.api.messages.get(`${dm.channel}/${dm.ts}`)!.blocks)).toContain('already a member');
  });

  it('says so from the Home tab too', async () => {
    const { h, ann, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    await h.store.transact(async (tx) => {
      (await tx.get('projects', project.id))!.members[ann] = { role: 'admin', joinedAt: h.clock.now().toISOString() };
    });
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'home' }));
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('You are already a member of *Sales* (as *Admin*), so the invitation is closed');
  });
});

describe('token reminder DMs follow the token', () => {
  async function reminded() {
    const { h, ann } = await setup();
    const { token } = await h.core.tokens.create(ann, { description: 'CI deploy', expiresInDays: 30 });
    h.clock.advance({ days: 24 });
    expect(await h.slack.delivery.sendReminders()).toBe(1);
    return { h, ann, tokenId: token.id };
  }
  const reminderDm = (h: Awaited<ReturnType<typeof setup>>['h']) => {
    const [key] = [...h.api.messages.keys()].filter((k) => textOf(h.api.messages.get(k)!.blocks).includes('*CI deploy*'));
    return h.api.messages.get(key!)!;
  };

  it('updates the reminder DM when the token is deleted (in the dashboard, say), dropping the advice to replace it', async () => {
    const { h, ann, tokenId } = await reminded();
    await h.slack.delivery.deliverDue();
    expect(textOf(reminderDm(h).blocks)).toContain('in 6 days');
    await h.core.tokens.delete(ann, tokenId);
    h.api.reset();
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.api.callsTo('chat.update')).toHaveLength(1);
    const shown = reminderDm(h);
    expect(textOf(shown.blocks)).toContain('was deleted, so this reminder no longer applies');
    expect(actionIdsOf(shown.blocks)).toEqual([ACTION.openTokens]);
  });

  it('posts a reminder that could only go out after the token expired as expired', async () => {
    const { h } = await reminded();
    h.api.failNext('chat.postMessage', { status: 500 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    h.clock.advance({ days: 7 });
    await h.slack.delivery.deliverDue();
    const shown = reminderDm(h);
    expect(textOf(shown.blocks)).toContain('expired');
    expect(textOf(shown.blocks)).not.toContain('in 0 days');
    expect(actionIdsOf(shown.blocks)).toEqual([ACTION.openTokens]);
  });

  it('queues nothing for a deleted token that was never reminded in Slack', async () => {
    const { h, ann } = await setup();
    const { token } = await h.core.tokens.create(ann, { description: 'Unreminded', expiresInDays: 90 });
    await h.core.tokens.delete(ann, token.id);
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 });
  });
});

describe('DMs whose invitation or token expires by itself', () => {
  it('updates an invitation DM when the invitation expires: the buttons go, the DM says it expired', async () => {
    const { h, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com', expiresInDays: 2 });
    await h.slack.delivery.deliverDue();
    const where = (await h.core.outbox.messageFor(`invitation:${invitation.id}`))!;
    h.clock.advance({ days: 1 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(0);
    h.clock.advance({ days: 1, seconds: 1 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(1);
    expect(await h.slack.delivery.queueRefreshes()).toBe(0);
    h.api.reset();
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    const shown = h.api.messages.get(`${where.channel}/${where.ts}`)!;
    expect(actionIdsOf(shown.blocks)).toEqual([]);
    expect(textOf(shown.blocks)).toContain('The invitation to *Sales* expired');
    // Nothing is left to refresh.
    h.clock.advance({ days: 30 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(0);
  });

  it('leaves an answered invitation’s DM alone at the old expiry', async () => {
    const { h, ann, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com', expiresInDays: 1 });
    await h.slack.delivery.deliverDue();
    await h.core.invitations.decline(ann, invitation.id);
    await h.slack.delivery.deliverDue();
    h.clock.advance({ days: 2 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(0);
  });

  it('updates a token reminder DM when the token expires', async () => {
    const { h, ann } = await setup();
    await h.core.tokens.create(ann, { description: 'CI deploy', expiresInDays: 30 });
    h.clock.advance({ days: 24 });
    await h.slack.delivery.sendReminders();
    await h.slack.delivery.deliverDue();
    const [post] = h.api.callsTo('chat.postMessage').filter((call) => textOf(call.args['blocks']).includes('*CI deploy*'));
    expect(textOf(post!.args['blocks'])).toContain('in 6 days');
    h.clock.advance({ days: 6, seconds: 1 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(1);
    h.api.reset();
    await h.slack.delivery.deliverDue();
    const [update] = h.api.callsTo('chat.update');
    expect(textOf(update!.args['blocks'])).toContain('expired');
    expect(textOf(update!.args['blocks'])).toContain('no longer works');
    expect(actionIdsOf(update!.args['blocks'])).toEqual([ACTION.openTokens]);
  });

  it('does it from the polling loop too', async () => {
    let invitationId = '';
    const h = await startHarness({
      autoDeliver: true,
      pollIntervalMs: 20,
      reminderIntervalMs: 20,
      beforeStart: async (core) => {
        const ann = await makeAccount(core, 'ann@example.com');
        await linkSlack(core, ann, ANN);
        const project = await core.projects.create({ name: 'Sales' });
        invitationId = (await core.invitations.create({ projectId: project.id, email: 'ann@example.com', expiresInDays: 1 })).id;
      },
    });
    await waitFor(async () => (await h.core.outbox.stats()).delivered === 2);
    const where = (await h.core.outbox.messageFor(`invitation:${invitationId}`))!;
    h.clock.advance({ days: 2 });
    // A hang guard, not a timing assertion.
    await waitFor(() => textOf(h.api.messages.get(`${where.channel}/${where.ts}`)!.blocks).includes('expired'), 10_000);
    expect(actionIdsOf(h.api.messages.get(`${where.channel}/${where.ts}`)!.blocks)).toEqual([]);
  });
});
