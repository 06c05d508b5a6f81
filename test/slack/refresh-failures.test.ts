import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { ANN, click, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';

async function withInvitationDm(options: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness(options);
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const sales = await h.core.projects.create({ name: 'Sales' });
  const invitation = await h.core.invitations.create({ projectId: sales.id, email: 'ann@example.com' });
  await h.slack.delivery.deliverDue();
  const ref = (await h.core.outbox.messageFor(`invitation:${invitation.id}`))!;
  h.api.reset();
  return { h, ann, sales, invitation, ref };
}

const openedViewId = async (h: Harness, sub: string) => {
  await h.command(ANN, sub);
  return String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
};

describe('a change made in the core, then Slack refuses to refresh the view', () => {
  it('a 429 on chat.update after Accept: the invitation is accepted and the reply says it was done', async () => {
    const { h, ann, sales, invitation, ref } = await withInvitationDm();
    h.api.failNext('chat.update', { status: 429, retryAfter: 1 });
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    expect((await h.core.invitations.get(ann, invitation.id)).status).toBe('accepted');
    expect((await h.core.projects.listForAccount(ann)).map((project) => project.id)).toContain(sales.id);
    const reply = h.replies().join('\n');
    expect(reply).toContain('Done');
    expect(reply).toContain('could not refresh');
    expect(reply).not.toContain('nothing was changed');
    expect(h.logs.join('\n')).toContain('rate');
  });

  it('an error on chat.update after Mark as read: marked read, and the reply says so', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const { notification } = await h.core.notifications.publish({ kind: 'announcement', title: 'Hello', message: 'World.', audience: { type: 'all' } });
    await h.slack.delivery.deliverDue();
    const ref = (await h.core.outbox.messageFor(`notification:${notification.id}:${ann}`))!;
    h.api.failNext('chat.update', { error: 'internal_error' });
    await h.interact(click(h, ANN, ACTION.notificationMarkRead, notification.id, { kind: 'message', ...ref }));
    expect(await h.core.notifications.unreadCount(ann)).toBe(0);
    expect(h.replies().join('\n')).toContain('could not refresh');
    expect(h.replies().join('\n')).not.toContain('nothing was changed');
  });

  it('an error on views.update after Delete in the tokens modal: deleted, and the Home tab says it was done', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const { token } = await h.core.tokens.create(ann, { description: 'old CI', expiresInDays: 30 });
    const viewId = await openedViewId(h, 'tokens');
    h.api.failNext('views.update', { error: 'internal_error' });
    await h.interact(click(h, ANN, ACTION.tokenDelete, token.id, { kind: 'modal', viewId, callbackId: CALLBACK.tokens }));
    expect(await h.core.tokens.list(ann)).toHaveLength(0);
    const home = textOf(h.api.homes.get(ANN.userId));
    expect(home).toContain('could not refresh');
    expect(home).toContain('old CI');
    expect(home).not.toContain('nothing was changed');
  });
});

describe("the listeners' Web API client in production", () => {
  it('retries a failed refresh (HTTP 500) instead of telling the user it failed', async () => {
    const { h, invitation, ref } = await withInvitationDm({ productionRetries: true });
    h.api.failNext('chat.update', { status: 500 });
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    expect(h.api.callsTo('chat.update')).toHaveLength(2);
    expect(textOf(h.api.messages.get(`${ref.channel}/${ref.ts}`)!.blocks)).toContain('You accepted the invitation');
    expect(h.replies()).toEqual([]);
  });
});

describe('filling a modal after the loading view', () => {
  it('retries once with a notice saying what went wrong when Slack refuses the content', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    h.api.failNext('views.update', { error: 'invalid_blocks' });
    await h.command(ANN, 'tokens');
    const updates = h.api.callsTo('views.update');
    expect(updates).toHaveLength(2);
    expect(updates[1]!.args['view_id']).toBe(updates[0]!.args['view_id']);
    const view = h.api.views.get(String(updates[1]!.args['view_id']))!;
    expect(view['callback_id']).toBe(CALLBACK.notice);
    expect(textOf(view)).toContain('could not show');
    expect(textOf(view)).not.toContain('Loading');
  });

  it('tells the user in the channel when even the notice cannot be shown', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    h.api.failNext('views.update', { error: 'invalid_blocks' });
    h.api.failNext('views.update', { status: 500 });
    await h.command(ANN, 'invitations');
    expect(h.api.callsTo('views.update')).toHaveLength(2);
    expect(h.replies().join('\n')).toContain('could not show');
  });
});

