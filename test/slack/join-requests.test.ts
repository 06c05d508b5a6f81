import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents } from '../support/core.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, BOB, click, EVE, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';
import { enableMfa } from '../core/mfa/mfa-helpers.ts';

/** Ann and Bob admin "Sales" (both linked to Slack); Eve, linked too, asks to join it. */
async function setup() {
  const h = await startHarness();
  const ann = await makeAccount(h.core, 'ann@example.com');
  const bob = await makeAccount(h.core, 'bob@example.com');
  const eve = await makeAccount(h.core, 'eve@example.com');
  await linkSlack(h.core, ann, ANN);
  await linkSlack(h.core, bob, BOB);
  await linkSlack(h.core, eve, EVE);
  const sales = await h.core.projects.create({ name: 'Sales <!channel>' });
  await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', role: 'admin' });
  await h.core.projects.addMember({ projectId: sales.id, email: 'bob@example.com', role: 'admin' });
  const request = await h.core.joinRequests.request(eve, { projectId: sales.id, reason: 'Q4 numbers', membershipDays: 30 });
  await h.slack.delivery.deliverDue();
  return { h, ann, bob, eve, sales, request };
}

/** The DM an admin got about the request. */
async function dmOf(h: Harness, requestId: string, adminId: string) {
  const ref = await h.core.outbox.messageFor(`join-request:${requestId}:${adminId}`);
  if (!ref) throw new Error('no DM recorded');
  return { ref, message: () => h.api.messages.get(`${ref.channel}/${ref.ts}`)! };
}

describe('join request DMs to the project admins', () => {
  it('sends each admin a DM with Approve and Reject, escaping names', async () => {
    const { h, ann, bob, request } = await setup();
    for (const admin of [ann, bob]) {
      const { message } = await dmOf(h, request.id, admin);
      expect(actionIdsOf(message().blocks)).toEqual([ACTION.joinRequestApprove, ACTION.joinRequestReject]);
      expect(textOf(message().blocks)).toContain('asks to join *Sales &lt;!channel&gt;* for 30 days');
      expect(textOf(message().blocks)).toContain('> Q4 numbers');
    }
  });

  it('approves from one admin’s DM: that DM loses its buttons at once, the other admin’s is updated by the outbox, the requester joins', async () => {
    const { h, ann, bob, eve, sales, request } = await setup();
    const annDm = await dmOf(h, request.id, ann);
    const bobDm = await dmOf(h, request.id, bob);
    await h.interact(click(h, ANN, ACTION.joinRequestApprove, request.id, { kind: 'message', ...annDm.ref }));
    expect(actionIdsOf(annDm.message().blocks)).toEqual([]);
    expect(textOf(annDm.message().blocks)).toContain('was approved by');
    expect((await h.core.projects.getForAccount(eve, sales.id)).membership.expiresAt).not.toBeNull();
    await h.slack.delivery.deliverDue();
    expect(actionIdsOf(bobDm.message().blocks)).toEqual([]);
    expect(textOf(bobDm.message().blocks)).toContain('was approved by');

    // Bob clicks his (stale) button anyway: answered once, he is told by whom.
    await h.interact(click(h, BOB, ACTION.joinRequestReject, request.id, { kind: 'message', ...bobDm.ref }));
    expect(h.replies().join('\n')).toMatch(/already approved by .*ann@example\.com/);
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('approved');
  });

  it('treats a double click as one answer', async () => {
    const { h, ann, eve, sales, request } = await setup();
    const { ref } = await dmOf(h, request.id, ann);
    const first = h.interact(click(h, ANN, ACTION.joinRequestApprove, request.id, { kind: 'message', ...ref }));
    const second = h.interact(click(h, ANN, ACTION.joinRequestApprove, request.id, { kind: 'message', ...ref }));
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(h.replies().join('\n')).toContain('already approved');
    expect((await h.core.projects.get(sales.id)).members.filter((m) => m.accountId === eve)).toHaveLength(1);
  });

  it('refuses a forged click by a non-admin (the requester herself): nothing changes', async () => {
    const { h, ann, request } = await setup();
    const { ref, message } = await dmOf(h, request.id, ann);
    const before = await storeContents(h.store);
    const shown = message();
    await h.interact(click(h, EVE, ACTION.joinRequestApprove, request.id, { kind: 'message', ...ref }));
    await h.interact(click(h, EVE, ACTION.joinRequestReject, request.id, { kind: 'message', ...ref }));
    expect(h.replies().join('\n')).toContain('Only a project admin can do that.');
    expect(await storeContents(h.store)).toBe(before);
    expect(message()).toEqual(shown);
  });

  it('rejects after the confirmation: the requester is told and the DM says so', async () => {
    const { h, ann, eve, request } = await setup();
    const { ref, message } = await dmOf(h, request.id, ann);
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'message', ...ref }));
    expect(textOf(message().blocks)).toContain('was rejected by');
    expect((await h.core.notifications.listForAccount(eve)).items.map((n) => n.title)).toContain('Your request to join Sales <!channel> was rejected');
  });
});

describe('Accept on an invitation to a project that requires MFA', () => {
  it('says so in the DM up front; Accept without MFA answers with the reason and a button that opens the steps', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const finance = await h.core.projects.create({ name: 'Finance' });
    await h.core.projects.requireMfa({ projectId: finance.id });
    const invitation = await h.core.invitations.create({ projectId: finance.id, email: 'ann@example.com' });
    await h.slack.delivery.deliverDue();
    const ref = (await h.core.outbox.messageFor(`invitation:${invitation.id}`))!;
    expect(textOf(h.api.messages.get(`${ref.channel}/${ref.ts}`)!.blocks)).toContain('This project requires multi-factor authentication');

    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    const reply = h.replies().join('\n');
    expect(reply).toContain('*Finance* requires users to have multi-factor authentication enabled');
    expect(reply).toContain(ACTION.openMfaSteps);
    expect((await h.core.invitations.get(ann, invitation.id)).status).toBe('pending');
    await h.interact(click(h, ANN, ACTION.openMfaSteps, undefined, { kind: 'message', ...ref }));
    const opened = h.api.callsTo('views.open').at(-1)!.args['view'] as Record<string, unknown>;
    expect(opened['callback_id']).toBe(CALLBACK.mfaSteps);
    expect(textOf(opened)).toContain('Enable multi-factor authentication');

    await enableMfa(h.core, h.clock, ann);
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'message', ...ref }));
    expect((await h.core.invitations.get(ann, invitation.id)).status).toBe('accepted');
  });
});
