import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents } from '../support/core.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, BOB, click, EVE, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';

async function setup() {
  const h = await startHarness();
  const ann = await makeAccount(h.core, 'ann@example.com');
  const bob = await makeAccount(h.core, 'bob@example.com');
  await linkSlack(h.core, ann, ANN);
  await linkSlack(h.core, bob, BOB);
  const sales = await h.core.projects.create({ name: 'Sales' });
  const ops = await h.core.projects.create({ name: 'Ops <!channel>' });
  const invitation = await h.core.invitations.create({ projectId: sales.id, email: 'ann@example.com', role: 'admin', reason: 'You run the numbers.' });
  await h.slack.delivery.deliverDue();
  h.api.reset();
  return { h, ann, bob, sales, ops, invitation };
}

/** The DM recorded for the invitation (posted by the outbox). */
async function dmOf(h: Harness, invitationId: string) {
  const ref = await h.core.outbox.messageFor(`invitation:${invitationId}`);
  if (!ref) throw new Error('no DM recorded');
  return { ref, message: h.api.messages.get(`${ref.channel}/${ref.ts}`)! };
}

async function openInvitationsModal(h: Harness): Promise<string> {
  await h.command(ANN, 'invitations');
  return String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
}

describe('/kbc invitations', () => {
  it('lists pending invitations with Accept and Decline, escaping names', async () => {
    const { h, ops } = await setup();
    await h.core.invitations.create({ projectId: ops.id, email: 'ann@example.com' });
    const viewId = await openInvitationsModal(h);
    const view = h.api.views.get(viewId)!;
    expect(view['callback_id']).toBe(CALLBACK.invitations);
    expect(textOf(view)).toContain('You have 2 pending invitations');
    expect(textOf(view)).toContain('*Ops &lt;!channel&gt;*');
    expect(textOf(view)).toContain('> You run the numbers.');
    expect(actionIdsOf(view).filter((id) => id === ACTION.invitationAccept)).toHaveLength(2);
  });

  it('accepts in the modal and updates it in place; the account joins the project', async () => {
    const { h, ann, sales, invitation } = await setup();
    const viewId = await openInvitationsModal(h);
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'modal', viewId, callbackId: CALLBACK.invitations }));
    const updated = h.api.views.get(viewId)!;
    expect(textOf(updated)).toContain('You joined *Sales* as *Admin*');
    expect(textOf(updated)).toContain('You have no pending invitations');
    expect((await h.core.projects.listForAccount(ann)).map((project) => project.id)).toContain(sales.id);
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('None right now');
  });

  it('declines in the modal; the invitation is gone for good', async () => {
    const { h, ann, invitation } = await setup();
    const viewId = await openInvitationsModal(h);
    await h.interact(click(h, ANN, ACTION.invitationDecline, invitation.id, { kind: 'modal', viewId, callbackId: CALLBACK.invitations }));
    expect(textOf(h.api.views.get(viewId))).toContain('You declined the invitation to *Sales*');
    expect((await h.core.invitations.get(ann, invitation.id)).status).toBe('declined');
  });

  it('answers a cancelled invitation with a clear message in the modal', async () => {
    const { h, invitation } = await setup();
    const viewId = await openInvitationsModal(h);
    await h.core.invitations.cancel(invitation.id);
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'modal', viewId, callbackId: CALLBACK.invitations }));
    expect(textOf(h.api.views.get(viewId))).toContain('was cancelled');
  });
});

describe('Accept and Decline in the invitation DM', () => {
  it('accepts from the DM, which loses its buttons at once and stays so after the outbox update', async () => {
    const { h, ann, sales, invitation } = await setup();
    const { ref, message } = await dmOf(h, invitation.id);
    expect(actionIdsOf(message.blocks)).toEqual([ACTION.invitationAccept, ACTION.invitationDecline]);
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    const after = h.api.messages.get(`${ref.channel}/${ref.ts}`)!;
    expect(actionIdsOf(after.blocks)).toEqual([]);
    expect(textOf(after.blocks)).toContain('You accepted the invitation to *Sales*');
    expect((await h.core.projects.listForAccount(ann)).map((project) => project.id)).toContain(sales.id);
    // The core queued invitation.answered: it updates the same DM, never a second one.
    await h.slack.delivery.deliverDue();
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    expect(actionIdsOf(h.api.messages.get(`${ref.channel}/${ref.ts}`)!.blocks)).toEqual([]);
  });

  it('refuses a click by another linked Slack user: nothing changes', async () => {
    const { h, ann, bob, sales, invitation } = await setup();
    const { ref, message } = await dmOf(h, invitation.id);
    const before = await storeContents(h.store);
    await h.interact(click(h, BOB, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    await h.interact(click(h, BOB, ACTION.invitationDecline, invitation.id, { kind: 'message', ...ref }));
    expect(h.replies().join('\n')).toContain('addressed to someone else');
    expect(await storeContents(h.store)).toBe(before);
    expect((await h.core.invitations.get(ann, invitation.id)).status).toBe('pending');
    expect((await h.core.projects.listForAccount(bob)).map((project) => project.id)).not.toContain(sales.id);
    expect(h.api.messages.get(`${ref.channel}/${ref.ts}`)).toEqual(message);
  });

  it('gives an unlinked Slack user the linking instructions and changes nothing', async () => {
    const { h, invitation } = await setup();
    const { ref } = await dmOf(h, invitation.id);
    const before = await storeContents(h.store);
    await h.interact(click(h, EVE, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    expect(h.replies()[0]).toContain('not linked to a Keboola account yet');
    expect(await storeContents(h.store)).toBe(before);
  });

  it('treats a double click as one answer and says "already accepted"', async () => {
    const { h, ann, sales, invitation } = await setup();
    const { ref } = await dmOf(h, invitation.id);
    const first = h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    const second = h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(h.replies().join('\n')).toContain('You already accepted this invitation');
    expect((await h.core.projects.listForAccount(ann)).filter((project) => project.id === sales.id)).toHaveLength(1);
    expect(actionIdsOf(h.api.messages.get(`${ref.channel}/${ref.ts}`)!.blocks)).toEqual([]);
  });

  it('explains an expired invitation and turns its DM into "expired"', async () => {
    const { h, ann, invitation } = await setup();
    const { ref } = await dmOf(h, invitation.id);
    h.clock.advance({ days: 8 });
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    expect(h.replies()[0]).toContain('This invitation expired');
    const dm = h.api.messages.get(`${ref.channel}/${ref.ts}`)!;
    expect(textOf(dm.blocks)).toContain('expired');
    expect(actionIdsOf(dm.blocks)).toEqual([]);
    expect((await h.core.invitations.get(ann, invitation.id)).status).toBe('expired');
  });

  it('refuses a button without an invitation id', async () => {
    const { h, invitation } = await setup();
    const { ref } = await dmOf(h, invitation.id);
    await h.interact(click(h, ANN, ACTION.invitationAccept, undefined, { kind: 'message', ...ref }));
    await h.interact(click(h, ANN, ACTION.invitationAccept, 'inv_does_not_exist', { kind: 'message', ...ref }));
    expect(h.replies()[0]).toContain('names no invitation');
    expect(h.replies()[1]).toContain('does not exist any more');
  });
});

describe('Accept in the Home tab', () => {
  it('re-publishes the Home tab with the outcome', async () => {
    const { h, invitation } = await setup();
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'home' }));
    const home = textOf(h.api.homes.get(ANN.userId));
    expect(home).toContain('You joined *Sales*');
    expect(home).toContain('None right now');
  });
});
