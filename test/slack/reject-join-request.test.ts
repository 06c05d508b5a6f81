import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents } from '../support/core.ts';
import { JOIN_REQUEST_REASON_MAX_LENGTH } from '../../src/core/index.ts';
import { ACTION, BLOCK, CALLBACK } from '../../src/slack/ids.ts';
import { decodeFormMetadata } from '../../src/slack/views/form-metadata.ts';
import { actionIdsOf, ANN, click, EVE, submitView, textOf, type Harness } from './support/harness.ts';
import { adminDmOf, joinRequestFixture } from './support/join-request-fixture.ts';

const setup = () => joinRequestFixture();
const dmOf = adminDmOf;

/** The reason field's state as Slack sends it (null: left empty). */
const reasonValues = (reason: unknown) => ({ [BLOCK.rejectReason]: { [ACTION.rejectReason]: { type: 'plain_text_input', value: reason } } });

type Answer = { response_action?: string; errors?: Record<string, string>; view?: unknown };

/** Submits the reason window for `requestId` (its private_metadata) as `user`. */
async function rejectWith(h: Harness, user: typeof ANN, metadata: string, reason: unknown, options: { viewId?: string; previousViewId?: string } = {}): Promise<Answer> {
  const response = await h.interact(submitView(user, CALLBACK.rejectJoinRequest, reasonValues(reason), { privateMetadata: metadata, ...options }));
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** The notification DM Eve got about the rejection. */
async function rejectionDmOf(h: Harness, eve: string) {
  const notice = (await h.core.notifications.listForAccount(eve)).items.find((item) => item.title.includes('was rejected'));
  if (!notice) return null;
  const ref = await h.core.outbox.messageFor(`notification:${notice.id}:${eve}`);
  return ref ? h.api.messages.get(`${ref.channel}/${ref.ts}`) : null;
}

describe('Reject on a join request asks for a reason', () => {
  it('from a DM: opens the reason window (optional, one line, the core’s limit) and rejects nothing yet', async () => {
    const { h, ann, eve, request } = await setup();
    const { ref, message } = await dmOf(h, request.id, ann);
    // The window is the confirmation: the button no longer asks first.
    expect(JSON.stringify(message().blocks)).not.toContain('"confirm"');
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'message', ...ref }));
    const opened = h.api.callsTo('views.open').at(-1)!.args['view'] as { callback_id: string; private_metadata: string; blocks: Record<string, unknown>[] };
    expect(opened.callback_id).toBe(CALLBACK.rejectJoinRequest);
    expect(opened.private_metadata).toBe(request.id);
    expect(textOf(opened)).toContain('*eve (eve@example.com)* asks to join *Sales*');
    expect(textOf(opened)).toContain('> Q4 numbers');
    const input = opened.blocks.find((block) => block['block_id'] === BLOCK.rejectReason)!;
    expect(input).toMatchObject({ type: 'input', optional: true, label: { text: 'Reason (shown to them)' } });
    expect(input['element']).toMatchObject({ type: 'plain_text_input', action_id: ACTION.rejectReason, multiline: false, max_length: JOIN_REQUEST_REASON_MAX_LENGTH });
    expect(h.api.problems).toEqual([]);
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('pending');
    expect(actionIdsOf(message().blocks)).toEqual([ACTION.joinRequestApprove, ACTION.joinRequestReject]);
  });

  it('submitting rejects with the reason: the window says so, the DMs lose their buttons, the requester’s notification and its DM carry the reason escaped, and no channel sees it', async () => {
    const { h, ann, bob, eve, request } = await setup();
    const annDm = await dmOf(h, request.id, ann);
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'message', ...annDm.ref }));
    const reason = 'Ask *Ben* <!channel> & use _the_ Q4 board';
    const answer = await rejectWith(h, ANN, request.id, reason);
    expect(answer.response_action).toBe('update');
    const shown = textOf(answer.view);
    expect(shown).toContain('Rejected the request of *eve* to join *Sales*.');
    expect(shown).toContain('> Ask ∗Ben∗ &lt;!channel&gt; &amp; use ˍtheˍ Q4 board');
    expect((await h.core.joinRequests.get(eve, request.id)).rejectionReason).toBe(reason);
    // This admin's DM at once, the other's through the outbox.
    expect(actionIdsOf(annDm.message().blocks)).toEqual([]);
    expect(textOf(annDm.message().blocks)).toContain('was rejected by');
    await h.slack.delivery.deliverDue();
    const bobDm = await dmOf(h, request.id, bob);
    expect(actionIdsOf(bobDm.message().blocks)).toEqual([]);

    const dm = await rejectionDmOf(h, eve);
    expect(textOf(dm?.blocks)).toContain('rejected your request to join Sales: "Ask ∗Ben∗ &lt;!channel&gt; &amp; use ˍtheˍ Q4 board".');
    expect(h.api.problems).toEqual([]);
    // Of all messages, only Eve's own DM carries it: no channel, no other admin's DM.
    const carrying = [...h.api.callsTo('chat.postMessage'), ...h.api.callsTo('chat.update')].filter((call) => JSON.stringify(call.args).includes('Q4 board'));
    expect(carrying.length).toBeGreaterThan(0);
    for (const call of carrying) expect(String(call.args['channel']).replace(/^U/, 'D')).toBe(EVE.userId.replace(/^U/, 'D'));
    expect(h.replies().join('\n')).not.toContain('Q4 board');
  });

  it('with the field left empty, rejects without a reason', async () => {
    const { h, eve, request } = await setup();
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'home' }));
    const answer = await rejectWith(h, ANN, request.id, null);
    expect(textOf(answer.view)).toContain('They are told.');
    expect(await h.core.joinRequests.get(eve, request.id)).toMatchObject({ status: 'rejected', rejectionReason: null });
  });

  it('shows a reason the core refuses on its field (response_action errors), and changes nothing', async () => {
    const { h, eve, request } = await setup();
    const before = await storeContents(h.store);
    expect(await rejectWith(h, ANN, request.id, 'x'.repeat(JOIN_REQUEST_REASON_MAX_LENGTH + 1))).toEqual({
      response_action: 'errors',
      errors: { [BLOCK.rejectReason]: `The reason must be at most ${JOIN_REQUEST_REASON_MAX_LENGTH} characters; got ${JOIN_REQUEST_REASON_MAX_LENGTH + 1}.` },
    });
    const invisible = await rejectWith(h, ANN, request.id, 'Ask\u202eneB');
    expect(invisible.errors?.[BLOCK.rejectReason]).toMatch(/must not contain invisible formatting characters/);
    const control = await rejectWith(h, ANN, request.id, 'Ask \x1b[31mBen');
    expect(control.errors?.[BLOCK.rejectReason]).toMatch(/must not contain control characters/);
    // A value of another type is not "no reason".
    expect(await rejectWith(h, ANN, request.id, { text: 'x' })).toEqual({ response_action: 'errors', errors: { [BLOCK.rejectReason]: 'The reason must be text.' } });
    expect(await storeContents(h.store)).toBe(before);
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('pending');
  });

  it('a forged submission changes nothing: a request the user may not answer, a tampered or missing id, an unlinked user', async () => {
    const { h, request } = await setup();
    // Another project's request, which Ann does not admin.
    const marketing = await h.core.projects.create({ name: 'Marketing' });
    const carl = await makeAccount(h.core, 'carl@example.com');
    const foreign = await h.core.joinRequests.request(carl, { projectId: marketing.id });
    const before = await storeContents(h.store);
    expect(textOf((await rejectWith(h, ANN, foreign.id, 'no')).view)).toContain('Only a project admin can do that.');
    expect(textOf((await rejectWith(h, EVE, request.id, 'self-service')).view)).toContain('Only a project admin can do that.');
    expect(textOf((await rejectWith(h, ANN, 'constructor', 'no')).view)).toContain('That join request no longer exists.');
    expect(textOf((await rejectWith(h, ANN, '<!channel>', 'no')).view)).toContain('names no join request');
    expect(textOf((await rejectWith(h, ANN, '', 'no')).view)).toContain('names no join request');
    expect(textOf((await rejectWith(h, ANN, '{"item":["x"],"parent":null}', 'no')).view)).toContain('names no join request');
    const nobody = { teamId: 'T0001', userId: 'U0NOBODY' };
    expect(textOf((await rejectWith(h, nobody, request.id, 'no')).view)).toContain('not linked to a Keboola account yet');
    expect(await storeContents(h.store)).toBe(before);
  });

  it('a forged click opens nothing and changes nothing (by a non-admin, or naming another project’s request); Ann’s own click opens the window', async () => {
    const { h, eve, request } = await setup();
    const marketing = await h.core.projects.create({ name: 'Marketing' });
    const carl = await makeAccount(h.core, 'carl@example.com');
    const foreign = await h.core.joinRequests.request(carl, { projectId: marketing.id });
    const before = await storeContents(h.store);
    await h.interact(click(h, EVE, ACTION.joinRequestReject, request.id, { kind: 'home' }));
    expect(textOf(h.api.homes.get(EVE.userId))).toContain('Only a project admin can do that.');
    await h.interact(click(h, ANN, ACTION.joinRequestReject, foreign.id, { kind: 'home' }));
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('Only a project admin can do that.');
    expect(h.api.callsTo('views.open')).toHaveLength(0);
    expect(await storeContents(h.store)).toBe(before);

    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'home' }));
    expect(h.api.callsTo('views.open').map((call) => (call.args['view'] as Record<string, unknown>)['callback_id'])).toEqual([CALLBACK.rejectJoinRequest]);
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('pending');
  });

  it('answered meanwhile: the window says who answered, and the admin’s DM loses its buttons', async () => {
    const { h, ann, bob, eve, request } = await setup();
    const annDm = await dmOf(h, request.id, ann);
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'message', ...annDm.ref }));
    await h.core.joinRequests.approve(request.id, { accountId: bob });
    const answer = await rejectWith(h, ANN, request.id, 'too late');
    expect(textOf(answer.view)).toMatch(/already approved by .*bob@example\.com/);
    expect(actionIdsOf(annDm.message().blocks)).toEqual([]);
    expect(await h.core.joinRequests.get(eve, request.id)).toMatchObject({ status: 'approved' });
  });

  it('an admin removed since the window opened is refused: nothing changes', async () => {
    const { h, eve, sales, request } = await setup();
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'home' }));
    await h.core.projects.removeMember({ projectId: sales.id, email: 'ann@example.com' });
    const answer = await rejectWith(h, ANN, request.id, 'no');
    expect(textOf(answer.view)).toContain('Only a project admin can do that.');
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('pending');
  });
});

describe('Reject in the requests to answer modal', () => {
  it('pushes the reason window over the list; once rejected, the list below and the Home tab no longer offer the request', async () => {
    const { h, eve, request } = await setup();
    await h.interact(click(h, ANN, ACTION.openRequestsToAnswer, undefined, { kind: 'home' }));
    const listId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    expect(h.api.views.get(listId)!['callback_id']).toBe(CALLBACK.requestsToAnswer);
    const opened = h.api.callsTo('views.open').length;
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request.id, { kind: 'modal', viewId: listId, callbackId: CALLBACK.requestsToAnswer }));
    expect(h.api.callsTo('views.open')).toHaveLength(opened);
    const pushed = h.api.callsTo('views.push').at(-1)!.args['view'] as Record<string, unknown>;
    expect(pushed['callback_id']).toBe(CALLBACK.rejectJoinRequest);
    const metadata = String(pushed['private_metadata']);
    expect(decodeFormMetadata(metadata)).toMatchObject({ item: request.id, parent: { viewId: listId, callbackId: CALLBACK.requestsToAnswer } });

    const answer = await rejectWith(h, ANN, metadata, 'Ask Ben', { viewId: 'VREASON', previousViewId: listId });
    expect(textOf(answer.view)).toContain('Rejected the request of *eve* to join *Sales*.');
    expect((await h.core.joinRequests.get(eve, request.id)).rejectionReason).toBe('Ask Ben');
    expect(textOf(h.api.views.get(listId))).toContain('No request to join your projects is waiting for an answer.');
    expect(textOf(h.api.homes.get(ANN.userId))).not.toContain('Requests to join your projects');
  });
});

describe('the requester’s own list', () => {
  it('/kbc requests shows a rejection with the admin’s reason, escaped', async () => {
    const { h, ann, eve, request } = await setup();
    await h.core.joinRequests.reject(request.id, { accountId: ann }, { reason: 'Use the *shared* <!here> board' });
    await h.command(EVE, 'requests');
    const list = h.api.views.get(String(h.api.callsTo('views.update').at(-1)!.args['view_id']))!;
    expect(textOf(list)).toContain(':no_entry_sign: rejected');
    expect(textOf(list)).toContain('> Use the ∗shared∗ &lt;!here&gt; board');
    expect((await h.core.joinRequests.get(eve, request.id)).status).toBe('rejected');
  });
});
