import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents } from '../support/core.ts';
import { ACTION, BLOCK, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, BOB, click, EVE, linkSlack, startFileHarness, startHarness, submitView, textOf, waitFor, whileLocked, type Harness } from './support/harness.ts';

/** Ann admins Sales (linked to Slack); Bob, linked, is no member. */
async function setup() {
  const h = await startHarness();
  const ann = await makeAccount(h.core, 'ann@example.com');
  const bob = await makeAccount(h.core, 'bob@example.com');
  await linkSlack(h.core, ann, ANN);
  await linkSlack(h.core, bob, BOB);
  const sales = await h.core.projects.create({ name: 'Sales' });
  await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', role: 'admin' });
  await h.slack.delivery.deliverDue();
  return { h, ann, bob, sales };
}

/** The request form's state values as Slack sends them; `undefined` leaves a field out. */
function form(project: unknown, reason?: unknown, days?: unknown) {
  return {
    [BLOCK.requestProject]: { [ACTION.requestProject]: { type: 'plain_text_input', value: project } },
    [BLOCK.requestReason]: { [ACTION.requestReason]: { type: 'plain_text_input', value: reason ?? null } },
    [BLOCK.requestDays]: { [ACTION.requestDays]: { type: 'number_input', value: days ?? null } },
  };
}

interface Answer {
  response_action?: string;
  errors?: Record<string, string>;
  view?: Record<string, unknown>;
}

async function submit(h: Harness, user: typeof ANN, values: Record<string, Record<string, unknown>>): Promise<Answer> {
  const response = await h.interact(submitView(user, CALLBACK.requestAccess, values));
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

describe('/kbc request-access', () => {
  it('opens the form (project id filled in when typed), and a submission asks the admins, who get Approve / Reject', async () => {
    const { h, ann, bob, sales } = await setup();
    await h.command(BOB, `request-access ${sales.numericId}`);
    const [opened] = h.api.callsTo('views.open').map((call) => call.args['view'] as Record<string, unknown>);
    const viewId = [...h.api.views.keys()].at(-1)!;
    const shown = h.api.views.get(viewId)!;
    expect(opened!['callback_id']).toBe(CALLBACK.loading);
    expect(shown['callback_id']).toBe(CALLBACK.requestAccess);
    expect(JSON.stringify(shown)).toContain(`"initial_value":"${sales.numericId}"`);

    const answer = await submit(h, BOB, form(String(sales.numericId), 'Q4 numbers', '30'));
    expect(answer.response_action).toBe('update');
    expect(answer.view!['callback_id']).toBe(CALLBACK.requestSent);
    expect(textOf(answer.view)).toContain('You asked to join *Sales* for 30 days');
    const [request] = await h.core.joinRequests.listOwn(bob);
    expect(request).toMatchObject({ projectId: sales.id, reason: 'Q4 numbers', membershipDays: 30, status: 'pending' });
    expect((await h.core.accounts.securityActivity(bob)).find((event) => event.type === 'join_request.created')?.details).toMatchObject({ via: 'slack' });

    await h.slack.delivery.deliverDue();
    const dm = (await h.core.outbox.messageFor(`join-request:${request!.id}:${ann}`))!;
    expect(actionIdsOf(h.api.messages.get(`${dm.channel}/${dm.ts}`)!.blocks)).toEqual([ACTION.joinRequestApprove, ACTION.joinRequestReject]);
  });

  it('fills in only what looks like a project id: typed mentions, links and control characters are left out', async () => {
    const { h } = await setup();
    for (const typed of ['<!channel>', '<https://x.example|prj_1>', 'prj_1\u0007', 'x'.repeat(65)]) {
      await h.command(BOB, `request-access ${typed}`);
      const form = h.api.views.get([...h.api.views.keys()].at(-1)!)!;
      expect(form['callback_id']).toBe(CALLBACK.requestAccess);
      expect(JSON.stringify(form)).not.toContain('initial_value');
    }
  });

  it('takes the prj_… id too, and leaves an empty lifetime and reason out', async () => {
    const { h, bob, sales } = await setup();
    const answer = await submit(h, BOB, form(` ${sales.id} `, '', ''));
    expect(answer.response_action).toBe('update');
    expect(await h.core.joinRequests.listOwn(bob)).toMatchObject([{ projectId: sales.id, reason: null, membershipDays: null }]);
  });

  it('shows what is wrong on the field it concerns and stores nothing, for hostile and wrong input', async () => {
    const { h, sales } = await setup();
    const before = await storeContents(h.store);
    const cases: [Record<string, Record<string, unknown>>, string, RegExp][] = [
      [form(''), BLOCK.requestProject, /Enter the id of the project/],
      [form('prj_1\u0000\u001b[2J'), BLOCK.requestProject, /not a project id/],
      [form('Sales\u202e'), BLOCK.requestProject, /not a project id/],
      [form('x'.repeat(65)), BLOCK.requestProject, /not a project id/],
      [form({ toString: 'prj' }), BLOCK.requestProject, /Enter the id/],
      [form('constructor'), BLOCK.requestProject, /No project has that id/],
      [form('__proto__'), BLOCK.requestProject, /No project has that id/],
      [form('999999'), BLOCK.requestProject, /No project has that id/],
      [form(sales.id, 'ring \u0007 the bell'), BLOCK.requestReason, /reason/i],
      [form(sales.id, 'x'.repeat(100_000)), BLOCK.requestReason, /500/],
      [form(sales.id, { evil: true }), BLOCK.requestReason, /must be text/],
      [form(sales.id, 'ok', 'ten'), BLOCK.requestDays, /whole number of days/],
      [form(sales.id, 'ok', '1.5'), BLOCK.requestDays, /whole number of days/],
      [form(sales.id, 'ok', '-3'), BLOCK.requestDays, /whole number of days/],
      [form(sales.id, 'ok', '0'), BLOCK.requestDays, /1–365/],
      [form(sales.id, 'ok', '366'), BLOCK.requestDays, /1–365/],
      [form(sales.id, 'ok', 30), BLOCK.requestDays, /whole number of days/],
    ];
    for (const [values, block, words] of cases) {
      const answer = await submit(h, BOB, values);
      expect(answer.response_action, JSON.stringify(values).slice(0, 80)).toBe('errors');
      expect(Object.keys(answer.errors!)).toEqual([block]);
      expect(answer.errors![block]).toMatch(words);
      // Field errors are plain text: never a date token or the input echoed back.
      expect(answer.errors![block]).not.toContain('<!date');
      expect(answer.errors![block]!.length).toBeLessThan(300);
    }
    expect(await storeContents(h.store)).toBe(before);
  });

  it('says on the project field when one is a member already, invited, or has asked already', async () => {
    const { h, sales } = await setup();
    expect((await submit(h, ANN, form(sales.id))).errors).toEqual({ [BLOCK.requestProject]: expect.stringContaining('already a member') });
    await h.core.invitations.create({ projectId: sales.id, email: 'bob@example.com' });
    expect((await submit(h, BOB, form(sales.id))).errors).toEqual({ [BLOCK.requestProject]: expect.stringContaining('already invited') });
    const eve = await makeAccount(h.core, 'eve@example.com');
    await linkSlack(h.core, eve, EVE);
    expect((await submit(h, EVE, form(sales.id))).response_action).toBe('update');
    expect((await submit(h, EVE, form(sales.id))).errors).toEqual({ [BLOCK.requestProject]: expect.stringContaining('already a pending request') });
  });

  it('asks for MFA first when the project requires it', async () => {
    const { h, sales } = await setup();
    await h.core.projects.requireMfa({ projectId: sales.id });
    const answer = await submit(h, BOB, form(sales.id));
    expect(answer.errors![BLOCK.requestProject]).toContain('Sales requires multi-factor authentication');
  });

  it('refuses a forged submission by a Slack user who is not linked: the linking steps, nothing stored', async () => {
    const { h, sales } = await setup();
    const before = await storeContents(h.store);
    const answer = await submit(h, EVE, form(sales.id, 'let me in', '365'));
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('not linked to a Keboola account yet');
    expect(await storeContents(h.store)).toBe(before);
  });
});

describe('your own join requests: /kbc requests and the Home tab', () => {
  it('lists the pending request with Cancel; Cancel (after the confirmation) cancels it, the list and the admin’s DM say so', async () => {
    const { h, ann, bob, sales } = await setup();
    const request = await h.core.joinRequests.request(bob, { projectId: sales.id, reason: 'Q4' });
    await h.slack.delivery.deliverDue();
    await h.command(BOB, 'requests');
    const viewId = [...h.api.views.keys()].at(-1)!;
    const list = h.api.views.get(viewId)!;
    expect(list['callback_id']).toBe(CALLBACK.joinRequests);
    expect(textOf(list)).toContain('*Sales*');
    const cancel = JSON.stringify(list);
    expect(cancel).toContain(`"action_id":"${ACTION.joinRequestCancel}","text":{"type":"plain_text","text":"Cancel request","emoji":true},"value":"${request.id}","confirm"`);

    await h.interact(click(h, BOB, ACTION.joinRequestCancel, request.id, { kind: 'modal', viewId, callbackId: CALLBACK.joinRequests }));
    expect((await h.core.joinRequests.get(bob, request.id)).status).toBe('cancelled');
    const after = h.api.views.get(viewId)!;
    expect(textOf(after)).toContain('Cancelled your request to join *Sales*.');
    expect(actionIdsOf(after)).not.toContain(ACTION.joinRequestCancel);
    expect(textOf(after)).toContain('cancelled');

    await h.slack.delivery.deliverDue();
    const dm = (await h.core.outbox.messageFor(`join-request:${request.id}:${ann}`))!;
    expect(textOf(h.api.messages.get(`${dm.channel}/${dm.ts}`)!.blocks)).toContain('cancelled the request to join');
  });

  it('shows the pending request on the Home tab, where Cancel works too', async () => {
    const { h, bob, sales } = await setup();
    const request = await h.core.joinRequests.request(bob, { projectId: sales.id, membershipDays: 14 });
    await h.event(BOB, { type: 'app_home_opened', user: BOB.userId, channel: 'D0BOB', tab: 'home', event_ts: '1' });
    const home = () => h.api.homes.get(BOB.userId)!;
    expect(textOf(home())).toContain('*Your requests to join (1)*');
    expect(textOf(home())).toContain('*Sales* for 14 days');
    await h.interact(click(h, BOB, ACTION.joinRequestCancel, request.id, { kind: 'home' }));
    expect(textOf(home())).toContain('Cancelled your request to join *Sales*.');
    expect(actionIdsOf(home())).not.toContain(ACTION.joinRequestCancel);
  });

  it('refuses to cancel someone else’s request, a forged click included: nothing changes', async () => {
    const { h, bob, sales } = await setup();
    const request = await h.core.joinRequests.request(bob, { projectId: sales.id });
    const before = await storeContents(h.store);
    await h.interact(click(h, ANN, ACTION.joinRequestCancel, request.id, { kind: 'home' }));
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('That join request no longer exists.');
    await h.interact(click(h, ANN, ACTION.joinRequestCancel, 'constructor', { kind: 'home' }));
    expect(await storeContents(h.store)).toBe(before);
  });
});

describe('the request form while the store is locked by another process', () => {
  it('acks in time with a progress view, then shows the outcome in the same window: a refusal in words, a request sent', async () => {
    const h = await startFileHarness({ processBeforeResponse: false, submitDeadlineMs: 200 });
    const ann = await makeAccount(h.core, 'ann@example.com');
    const bob = await makeAccount(h.core, 'bob@example.com');
    await linkSlack(h.core, bob, BOB);
    const sales = await h.core.projects.create({ name: 'Sales' });
    await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', role: 'admin' });
    await h.command(BOB, 'request-access');
    const viewId = String((await waitFor(() => h.api.callsTo('views.update')[0])).args['view_id']);
    const shownAs = (callbackId: string) => () =>
      h.api.callsTo('views.update').find((call) => call.args['view_id'] === viewId && (call.args['view'] as { callback_id?: string }).callback_id === callbackId);

    await whileLocked(h, async (release) => {
      const answer = await h.interact(submitView(BOB, CALLBACK.requestAccess, form('constructor'), { viewId }));
      expect(await answer.json()).toMatchObject({ response_action: 'update', view: { callback_id: CALLBACK.loading } });
      await release();
      // The form is gone, so the field's error comes as words, with the way back.
      const refused = await waitFor(shownAs(CALLBACK.notice), 10_000);
      expect(textOf(refused.args['view'])).toContain('No project has that id. Check it with a project admin.');
      expect(textOf(refused.args['view'])).toContain('Nothing changed; start again.');
    });

    await whileLocked(h, async (release) => {
      const answer = await h.interact(submitView(BOB, CALLBACK.requestAccess, form(sales.id, 'Q4'), { viewId }));
      expect(await answer.json()).toMatchObject({ response_action: 'update', view: { callback_id: CALLBACK.loading } });
      expect(await h.core.joinRequests.listOwn(bob)).toEqual([]);
      await release();
      const sent = await waitFor(shownAs(CALLBACK.requestSent), 10_000);
      expect(textOf(sent.args['view'])).toContain('You asked to join *Sales*');
    });
    expect(await h.core.joinRequests.listOwn(bob)).toMatchObject([{ projectId: sales.id, reason: 'Q4', status: 'pending' }]);
    expect(await h.core.joinRequests.listToAnswer(ann)).toHaveLength(1);
  });
});
