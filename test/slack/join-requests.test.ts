import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents } from '../support/core.ts';
import { ROLES } from '../../src/core/index.ts';
import { ACTION, BLOCK, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, BOB, click, EVE, linkSlack, startHarness, submitView, textOf, type Harness } from './support/harness.ts';
import { enableMfa } from '../core/mfa/mfa-helpers.ts';
import { adminDmOf, joinRequestFixture, roleValues } from './support/join-request-fixture.ts';

const setup = () => joinRequestFixture({ projectName: 'Sales <!channel>', membershipDays: 30 });
const dmOf = adminDmOf;

/** Submits the role choice Approve opened for `requestId` (its private_metadata) as `user`. */
async function approveWith(h: Harness, user: typeof ANN, requestId: string, role: string): Promise<{ response_action?: string; errors?: Record<string, string>; view?: unknown }> {
  const response = await h.interact(submitView(user, CALLBACK.approveJoinRequest, roleValues(role), { privateMetadata: requestId }));
  expect(response.status).toBe(200);
  return (await response.json()) as { response_action?: string; errors?: Record<string, string>; view?: unknown };
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

  it('Approve opens the role choice (every role, guest preselected); approving as admin makes an admin, the DM loses its buttons at once, the other admin’s follows', async () => {
    const { h, ann, bob, eve, sales, request } = await setup();
    const annDm = await dmOf(h, request.id, ann);
    const bobDm = await dmOf(h, request.id, bob);
    await h.interact(click(h, ANN, ACTION.joinRequestApprove, request.id, { kind: 'message', ...annDm.ref }));
    const modal = h.api.callsTo('views.open').at(-1)!.args['view'] as Record<string, unknown>;
    expect(modal['callback_id']).toBe(CALLBACK.approveJoinRequest);
    expect(modal['private_metadata']).toBe(request.id);
    const select = JSON.stringify(modal);
    for (const role of ROLES) expect(select).toContain(`"value":"${role}"`);
    expect(select).toContain('"initial_option":{"text":{"type":"plain_text","text":"Guest","emoji":true},"value":"guest"}');
    expect(textOf(modal)).toContain('asks to join *Sales &lt;!channel&gt;* for 30 days');
    // Opening the choice changed nothing yet.
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('pending');

    const answer = await approveWith(h, ANN, request.id, 'admin');
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('joined *Sales &lt;!channel&gt;* as *Admin* for 30 days');
    const membership = (await h.core.projects.getForAccount(eve, sales.id)).membership;
    expect(membership.role).toBe('admin');
    expect(membership.expiresAt).not.toBeNull();
    expect(actionIdsOf(annDm.message().blocks)).toEqual([]);
    expect(textOf(annDm.message().blocks)).toContain('was approved by');
    await h.slack.delivery.deliverDue();
    expect(actionIdsOf(bobDm.message().blocks)).toEqual([]);
    expect(textOf(bobDm.message().blocks)).toContain('was approved by');

    // Bob clicks his (stale) buttons anyway: answered once, he is told by whom, and no window opens.
    const opened = h.api.callsTo('views.open').length;
    await h.interact(click(h, BOB, ACTION.joinRequestApprove, request.id, { kind: 'message', ...bobDm.ref }));
    await h.interact(click(h, BOB, ACTION.joinRequestReject, request.id, { kind: 'message', ...bobDm.ref }));
    expect(h.replies().join('\n')).toMatch(/already approved by .*ann@example\.com/);
    expect(h.api.callsTo('views.open')).toHaveLength(opened);
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('approved');
  });

  it('treats a double submission as one answer: the second says it was approved already', async () => {
    const { h, eve, sales, request } = await setup();
    const [first, second] = await Promise.all([approveWith(h, ANN, request.id, 'guest'), approveWith(h, BOB, request.id, 'readOnly')]);
    const texts = [textOf(first.view), textOf(second.view)];
    expect(texts.filter((text) => text.includes('joined'))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('already approved'))).toHaveLength(1);
    expect((await h.core.projects.get(sales.id)).members.filter((m) => m.accountId === eve)).toHaveLength(1);
  });

  it('refuses a forged submission: by a non-admin, with a role the core does not know, or naming no request; nothing changes', async () => {
    const { h, request } = await setup();
    const before = await storeContents(h.store);
    expect(textOf((await approveWith(h, EVE, request.id, 'guest')).view)).toContain('Only a project admin can do that.');
    expect(await approveWith(h, ANN, request.id, 'owner')).toEqual({ response_action: 'errors', errors: { [BLOCK.approveRole]: 'Choose one of the roles in the list.' } });
    expect(await approveWith(h, ANN, request.id, 'constructor')).toMatchObject({ response_action: 'errors' });
    expect(textOf((await approveWith(h, ANN, 'constructor', 'guest')).view)).toContain('That join request no longer exists.');
    expect(textOf((await approveWith(h, ANN, '<!channel>', 'guest')).view)).toContain('names no join request');
    const unlinked = await h.interact(submitView({ teamId: 'T0001', userId: 'U0NOBODY' }, CALLBACK.approveJoinRequest, roleValues('admin'), { privateMetadata: request.id }));
    expect(textOf(await unlinked.json())).toContain('not linked to a Keboola account yet');
    expect(await storeContents(h.store)).toBe(before);
  });

  it('tells the admin when the requester lacks the MFA the project now requires: the request stays open', async () => {
    const { h, eve, sales, request } = await setup();
    await h.core.projects.requireMfa({ projectId: sales.id });
    const answer = await approveWith(h, ANN, request.id, 'guest');
    expect(textOf(answer.view)).toContain('the requester has none: they must enable it before you can approve');
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('pending');
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

  it('Reject opens the reason window; its submission rejects: the requester is told and the DM says so', async () => {
    const { h, ann, eve, request } = await setup();
    const { ref, message } = await dmOf(h, request.id, ann);
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'message', ...ref }));
    const opened = h.api.callsTo('views.open').at(-1)!.args['view'] as Record<string, unknown>;
    expect(opened['callback_id']).toBe(CALLBACK.rejectJoinRequest);
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('pending');
    await h.interact(submitView(ANN, CALLBACK.rejectJoinRequest, {}, { privateMetadata: String(opened['private_metadata']) }));
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
