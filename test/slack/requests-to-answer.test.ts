import { describe, expect, it } from 'vitest';
import { storeContents } from '../support/core.ts';
import { ACTION, BLOCK, CALLBACK } from '../../src/slack/ids.ts';
import { decodeFormMetadata } from '../../src/slack/views/form-metadata.ts';
import { actionIdsOf, ANN, BOB, click, EVE, submitView, textOf, type Harness } from './support/harness.ts';
import { joinRequestFixture, roleValues } from './support/join-request-fixture.ts';

const homeOpened = (user: { userId: string }) => ({ type: 'app_home_opened', user: user.userId, tab: 'home', event_ts: '1' });

/** Eve and `count - 1` more people ask to join Sales, a minute apart (see joinRequestFixture). */
const setup = (count = 1) => joinRequestFixture({ membershipDays: 30, others: Math.max(0, count - 1) });

const homeOf = (h: Harness, user: typeof ANN) => h.api.homes.get(user.userId)!;

/** The request ids the Home tab (or a modal) offers Approve for, in order. */
function offered(view: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record['action_id'] === ACTION.joinRequestApprove && typeof record['value'] === 'string') ids.push(record['value']);
      Object.values(record).forEach(walk);
    }
  };
  walk(view);
  return ids;
}

/** The DM `adminId` got about `requestId`. */
async function dmOf(h: Harness, requestId: string, adminId: string) {
  const ref = (await h.core.outbox.messageFor(`join-request:${requestId}:${adminId}`))!;
  return { ref, message: () => h.api.messages.get(`${ref.channel}/${ref.ts}`)! };
}

describe('the requests to join one’s projects on the Home tab', () => {
  it('lists the 5 oldest with Approve and Reject (each opens a window that asks first), then “…and N more” with All requests', async () => {
    const { h, requests } = await setup(7);
    await h.event(ANN, homeOpened(ANN));
    const home = homeOf(h, ANN);
    expect(textOf(home)).toContain('*Requests to join your projects (7)*');
    expect(textOf(home)).toContain('*eve (eve@example.com)* asks to join *Sales* for 30 days');
    expect(textOf(home)).toContain('> Q4 numbers');
    expect(offered(home)).toEqual(requests.slice(0, 5).map((request) => request.id));
    expect(textOf(home)).toContain('…and 2 more.');
    expect(actionIdsOf(home)).toContain(ACTION.openRequestsToAnswer);
    const reject = JSON.stringify(home);
    // No confirmation dialog: the reason window is the confirmation.
    expect(reject).toContain(`"action_id":"${ACTION.joinRequestReject}","text":{"type":"plain_text","text":"Reject","emoji":true},"value":"${requests[0]!.id}"}`);
  });

  it('shows nothing of the kind to someone who admins no project, nor once none waits', async () => {
    const { h, eve } = await setup(0);
    await h.event(EVE, homeOpened(EVE));
    expect(textOf(homeOf(h, EVE))).not.toContain('Requests to join your projects');
    await h.event(ANN, homeOpened(ANN));
    expect(textOf(homeOf(h, ANN))).toContain('Requests to join your projects (1)');
    await h.core.joinRequests.cancel(eve, (await h.core.joinRequests.listOwn(eve))[0]!.id);
    await h.event(ANN, homeOpened(ANN));
    expect(textOf(homeOf(h, ANN))).not.toContain('Requests to join your projects');
  });

  it('Reject from the Home tab: rejected, the tab is republished without it, the admin’s DM loses its buttons at once, the other admin’s DM and Home tab follow', async () => {
    const { h, ann, bob, eve, requests } = await setup();
    const [request] = requests;
    await h.event(ANN, homeOpened(ANN));
    await h.event(BOB, homeOpened(BOB));
    expect(offered(homeOf(h, BOB))).toEqual([request!.id]);
    await h.interact(click(h, ANN, ACTION.joinRequestReject, request!.id, { kind: 'home' }));
    const window = h.api.callsTo('views.open').at(-1)!.args['view'] as Record<string, unknown>;
    expect(window['callback_id']).toBe(CALLBACK.rejectJoinRequest);
    expect(window['private_metadata']).toBe(request!.id);
    const answer = await h.interact(submitView(ANN, CALLBACK.rejectJoinRequest, {}, { privateMetadata: request!.id }));
    expect(textOf(await answer.json())).toContain('Rejected the request of *eve* to join *Sales*.');
    expect((await h.core.joinRequests.get(eve, request!.id)).status).toBe('rejected');
    expect(offered(homeOf(h, ANN))).toEqual([]);
    const annDm = await dmOf(h, request!.id, ann);
    expect(actionIdsOf(annDm.message().blocks)).toEqual([]);
    expect(textOf(annDm.message().blocks)).toContain('was rejected by');

    await h.slack.delivery.deliverDue();
    const bobDm = await dmOf(h, request!.id, bob);
    expect(actionIdsOf(bobDm.message().blocks)).toEqual([]);
    expect(offered(homeOf(h, BOB))).toEqual([]);
    expect(textOf(homeOf(h, BOB))).not.toContain('Requests to join your projects');
  });

  it('Approve from the Home tab opens the role choice; approving republishes the tab without the request', async () => {
    const { h, eve, sales, requests } = await setup();
    const [request] = requests;
    await h.event(ANN, homeOpened(ANN));
    await h.interact(click(h, ANN, ACTION.joinRequestApprove, request!.id, { kind: 'home' }));
    const choice = h.api.callsTo('views.open').at(-1)!.args['view'] as Record<string, unknown>;
    expect(choice['callback_id']).toBe(CALLBACK.approveJoinRequest);
    expect(choice['private_metadata']).toBe(request!.id);
    const answer = await h.interact(submitView(ANN, CALLBACK.approveJoinRequest, roleValues('readOnly'), { privateMetadata: request!.id }));
    expect(textOf(await answer.json())).toContain('joined *Sales* as *Read only*');
    expect((await h.core.projects.getForAccount(eve, sales.id)).membership.role).toBe('readOnly');
    expect(offered(homeOf(h, ANN))).toEqual([]);
  });

  it('a request answered elsewhere (the dashboard, the CLI, the API) leaves every admin’s Home tab once delivered; a stale click is told who answered and opens nothing', async () => {
    const { h, bob, eve, requests } = await setup(2);
    const [first, second] = requests;
    await h.event(ANN, homeOpened(ANN));
    await h.event(BOB, homeOpened(BOB));
    // The operator (admin join-requests approve) and Bob from the dashboard answer through the core alone.
    await h.core.joinRequests.approve(first!.id, undefined);
    await h.core.joinRequests.reject(second!.id, { accountId: bob });
    await h.slack.delivery.deliverDue();
    expect(offered(homeOf(h, ANN))).toEqual([]);
    expect(offered(homeOf(h, BOB))).toEqual([]);

    // Ann clicks a Home tab still showing them (published before, e.g. another device).
    const opened = h.api.callsTo('views.open').length;
    await h.interact(click(h, ANN, ACTION.joinRequestApprove, first!.id, { kind: 'home' }));
    expect(textOf(homeOf(h, ANN))).toMatch(/already approved/);
    await h.interact(click(h, ANN, ACTION.joinRequestReject, second!.id, { kind: 'home' }));
    expect(textOf(homeOf(h, ANN))).toMatch(/already rejected by .*bob@example\.com/);
    expect(h.api.callsTo('views.open')).toHaveLength(opened);
    expect((await h.core.joinRequests.get(eve, first!.id)).status).toBe('approved');
  });

  it('a request that expires unanswered loses its buttons in every admin’s DM and leaves their Home tabs when its moment passes', async () => {
    const { h, ann, bob, requests } = await setup();
    const [request] = requests;
    await h.event(ANN, homeOpened(ANN));
    await h.event(BOB, homeOpened(BOB));
    h.clock.advance({ days: 7, minutes: 1 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(2);
    await h.slack.delivery.deliverDue();
    for (const [admin, user] of [[ann, ANN], [bob, BOB]] as const) {
      const dm = await dmOf(h, request!.id, admin);
      expect(actionIdsOf(dm.message().blocks)).toEqual([]);
      expect(textOf(dm.message().blocks)).toContain('expired');
      expect(offered(homeOf(h, user))).toEqual([]);
    }
    // Once only: the expired DM is not queued again.
    h.clock.advance({ days: 1 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(0);
  });

  it('refuses a forged Approve or Reject from the Home tab by a non-admin (the requester, an unlinked user): nothing changes, no window opens', async () => {
    const { h, requests } = await setup();
    const [request] = requests;
    const before = await storeContents(h.store);
    await h.interact(click(h, EVE, ACTION.joinRequestApprove, request!.id, { kind: 'home' }));
    expect(textOf(homeOf(h, EVE))).toContain('Only a project admin can do that.');
    await h.interact(click(h, EVE, ACTION.joinRequestReject, request!.id, { kind: 'home' }));
    expect(textOf(homeOf(h, EVE))).toContain('Only a project admin can do that.');
    for (const forged of ['constructor', '__proto__', '<!channel>', 'x'.repeat(65)]) {
      await h.interact(click(h, ANN, ACTION.joinRequestReject, forged, { kind: 'home' }));
    }
    const nobody = { teamId: 'T0001', userId: 'U0NOBODY' };
    await h.interact(click(h, nobody, ACTION.joinRequestReject, request!.id, { kind: 'home' }));
    expect(textOf(h.api.homes.get(nobody.userId))).toContain('not linked');
    expect(h.api.callsTo('views.open')).toHaveLength(0);
    expect(await storeContents(h.store)).toBe(before);
  });
});

describe('All requests: the modal of every request to answer', () => {
  /** Reject on the list `viewId`, then the reason window pushed over it submitted (no reason). */
  async function rejectFromList(h: Harness, viewId: string, requestId: string): Promise<void> {
    await h.interact(click(h, ANN, ACTION.joinRequestReject, requestId, { kind: 'modal', viewId, callbackId: CALLBACK.requestsToAnswer }));
    const pushed = h.api.callsTo('views.push').at(-1)!.args['view'] as Record<string, unknown>;
    expect(pushed['callback_id']).toBe(CALLBACK.rejectJoinRequest);
    const answer = await h.interact(submitView(ANN, CALLBACK.rejectJoinRequest, {}, { viewId: 'VREASON', privateMetadata: String(pushed['private_metadata']), previousViewId: viewId }));
    expect(textOf(await answer.json())).toContain('Rejected the request of');
  }

  /** Opens it from the Home tab: its view id. */
  async function openAll(h: Harness): Promise<string> {
    await h.interact(click(h, ANN, ACTION.openRequestsToAnswer, undefined, { kind: 'home' }));
    const viewId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    expect(h.api.views.get(viewId)!['callback_id']).toBe(CALLBACK.requestsToAnswer);
    return viewId;
  }

  it('pages 22 requests with Next / Previous; a rejection from page 2 leaves the list on page 2, until that page is empty', async () => {
    const { h, eve, requests } = await setup(22);
    const viewId = await openAll(h);
    const list = () => h.api.views.get(viewId)!;
    expect(textOf(list())).toContain('Page 1 of 2');
    expect(offered(list())).toEqual(requests.slice(0, 20).map((request) => request.id));
    await h.interact(click(h, ANN, ACTION.requestsToAnswerNext, '2', { kind: 'modal', viewId, callbackId: CALLBACK.requestsToAnswer }));
    expect(offered(list())).toEqual(requests.slice(20).map((request) => request.id));
    expect(textOf(list())).toContain('Showing 21–22');
    // A forged page number stays within the pages there are.
    await h.interact(click(h, ANN, ACTION.requestsToAnswerPrevious, 'constructor', { kind: 'modal', viewId, callbackId: CALLBACK.requestsToAnswer }));
    expect(textOf(list())).toContain('Page 1 of 2');
    await h.interact(click(h, ANN, ACTION.requestsToAnswerNext, '999', { kind: 'modal', viewId, callbackId: CALLBACK.requestsToAnswer }));
    expect(textOf(list())).toContain('Page 2 of 2');

    await rejectFromList(h, viewId, requests[21]!.id);
    expect(textOf(list())).toContain('Page 2 of 2');
    expect(offered(list())).toEqual([requests[20]!.id]);
    // The Home tab under the modal follows too.
    expect(textOf(homeOf(h, ANN))).toContain('*Requests to join your projects (21)*');
    // The last one of page 2 answered: back to the one page left.
    await rejectFromList(h, viewId, requests[20]!.id);
    expect(textOf(list())).not.toContain('Page ');
    expect(offered(list())).toEqual(requests.slice(0, 20).map((request) => request.id));
    expect((await h.core.joinRequests.get(eve, requests[0]!.id)).status).toBe('pending');
  });

  it('Approve in the modal pushes the role choice over it; once approved, the list below no longer offers the request', async () => {
    const { h, eve, sales, requests } = await setup(2);
    const viewId = await openAll(h);
    await h.interact(click(h, ANN, ACTION.joinRequestApprove, requests[0]!.id, { kind: 'modal', viewId, callbackId: CALLBACK.requestsToAnswer }));
    const push = h.api.callsTo('views.push').at(-1)!.args['view'] as Record<string, unknown>;
    expect(push['callback_id']).toBe(CALLBACK.approveJoinRequest);
    const metadata = String(push['private_metadata']);
    expect(decodeFormMetadata(metadata)).toMatchObject({ item: requests[0]!.id, parent: { viewId, callbackId: CALLBACK.requestsToAnswer } });

    await h.interact(submitView(ANN, CALLBACK.approveJoinRequest, roleValues('guest'), { viewId: 'VCHOICE', privateMetadata: metadata, previousViewId: viewId }));
    expect((await h.core.projects.getForAccount(eve, sales.id)).membership.role).toBe('guest');
    expect(offered(h.api.views.get(viewId))).toEqual([requests[1]!.id]);
  });

  it('updates only the view Slack names as the one below: a forged parent in the metadata reaches no other view', async () => {
    const { h, requests } = await setup(2);
    const viewId = await openAll(h);
    // Bob's own modal, which a forged metadata names.
    await h.interact(click(h, BOB, ACTION.openRequestsToAnswer, undefined, { kind: 'home' }));
    const bobsView = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    const bobsBefore = JSON.stringify(h.api.views.get(bobsView));
    const forged = JSON.stringify({ item: requests[0]!.id, parent: { viewId: bobsView, callbackId: CALLBACK.requestsToAnswer, hash: null, metadata: '1' } });
    await h.interact(submitView(ANN, CALLBACK.approveJoinRequest, roleValues('guest'), { viewId: 'VCHOICE', privateMetadata: forged, previousViewId: viewId }));
    expect(JSON.stringify(h.api.views.get(bobsView))).toBe(bobsBefore);
    expect(h.api.callsTo('views.update').filter((call) => call.args['view_id'] === bobsView)).toHaveLength(1);
  });
});

describe('/kbc requests under the request form', () => {
  /** Bob (no member of Sales) opens /kbc requests, then its "Ask to join a project": the list's and the form's view ids. */
  async function openFormOverList(h: Harness) {
    const marketing = await h.core.projects.create({ name: 'Marketing' });
    await h.core.projects.addMember({ projectId: marketing.id, email: 'ann@example.com', role: 'admin' });
    await h.command(BOB, 'requests');
    const listId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    expect(h.api.views.get(listId)!['callback_id']).toBe(CALLBACK.joinRequests);
    await h.interact(click(h, BOB, ACTION.openRequestAccess, undefined, { kind: 'modal', viewId: listId, callbackId: CALLBACK.joinRequests }));
    expect(h.api.callsTo('views.push')).toHaveLength(1);
    const formId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    const form = h.api.views.get(formId)!;
    expect(form['callback_id']).toBe(CALLBACK.requestAccess);
    return { marketing, listId, formId, metadata: String(form['private_metadata']) };
  }

  const requestForm = (project: string) => ({
    [BLOCK.requestProject]: { [ACTION.requestProject]: { type: 'plain_text_input', value: project } },
    [BLOCK.requestReason]: { [ACTION.requestReason]: { type: 'plain_text_input', value: 'Q4' } },
    [BLOCK.requestDays]: { [ACTION.requestDays]: { type: 'number_input', value: null } },
  });

  it('sending a request from the form pushed over the list updates the list, so closing “Request sent” shows it with Cancel', async () => {
    const { h } = await setup(0);
    const { marketing, listId, formId, metadata } = await openFormOverList(h);
    expect(textOf(h.api.views.get(listId))).toContain('You have no pending requests');
    const answer = await h.interact(submitView(BOB, CALLBACK.requestAccess, requestForm(marketing.id), { viewId: formId, privateMetadata: metadata, previousViewId: listId }));
    expect(((await answer.json()) as { view: { callback_id: string } }).view.callback_id).toBe(CALLBACK.requestSent);
    const list = h.api.views.get(listId)!;
    expect(textOf(list)).toContain('You have 1 pending request to join a project.');
    expect(textOf(list)).toContain('*Marketing*');
    expect(actionIdsOf(list)).toContain(ACTION.joinRequestCancel);
    // Sent with the hash the list had when the form opened.
    expect(h.api.callsTo('views.update').at(-1)!.args['hash']).toBeTruthy();
  });

  it('when the list changed meanwhile (hash_conflict), reads it again and updates it anyway', async () => {
    const { h } = await setup(0);
    const { marketing, listId, formId, metadata } = await openFormOverList(h);
    h.api.updatedElsewhere(listId);
    await h.interact(submitView(BOB, CALLBACK.requestAccess, requestForm(marketing.id), { viewId: formId, privateMetadata: metadata, previousViewId: listId }));
    expect(textOf(h.api.views.get(listId))).toContain('You have 1 pending request to join a project.');
    expect(h.logs.join('\n')).toContain('hash_conflict');
  });

  it('a form opened from the Home tab or a command has no list below: nothing else is updated', async () => {
    const { h } = await setup(0);
    const marketing = await h.core.projects.create({ name: 'Marketing' });
    await h.interact(click(h, BOB, ACTION.openRequestAccess, undefined, { kind: 'home' }));
    const formId = String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
    expect(h.api.views.get(formId)!['private_metadata']).toBeUndefined();
    const updates = h.api.callsTo('views.update').length;
    await h.interact(submitView(BOB, CALLBACK.requestAccess, requestForm(marketing.id), { viewId: formId }));
    expect(h.api.callsTo('views.update')).toHaveLength(updates);
    expect(textOf(homeOf(h, BOB))).toContain('*Your requests to join (1)*');
  });
});
