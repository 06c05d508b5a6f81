import type { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents, testCore } from '../support/core.ts';
import { createSlackApp } from '../../src/slack/app.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { slashCommandBody } from './support/slack-requests.ts';
import { ANN, BOT_TOKEN, captureLogger, click, linkSlack, SIGNING_SECRET, startHarness, waitFor } from './support/harness.ts';

const FORM = 'application/x-www-form-urlencoded';

describe('the content type of a signed request', () => {
  it('takes a form with `; charset=utf-8` (added by proxies) as Slack sends it, and logs no body', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    const body = slashCommandBody(ANN, `link ${code}`, h.api.responseUrl());
    const response = await h.post(body, { contentType: `${FORM}; charset=utf-8` });
    expect(response.status).toBe(200);
    expect(await h.core.slackLink.linkFor(ann)).toMatchObject({ userId: ANN.userId });
    expect(h.logs.join('\n')).not.toContain(code);
    for (const variant of [`${FORM};charset=UTF-8`, `Application/X-WWW-Form-Urlencoded; charset="utf-8"`]) {
      const status = await h.post(slashCommandBody(ANN, 'status', h.api.responseUrl()), { contentType: variant });
      expect(status.status).toBe(200);
    }
    const replies = h.replies();
    expect(replies).toHaveLength(3);
    for (const reply of replies.slice(1)) expect(reply).toContain('Linked to *ann@example.com*');
  });

  it('takes a JSON event with `; charset=utf-8`', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    const event = JSON.stringify({ type: 'event_callback', team_id: ANN.teamId, event_id: 'EvCharset', event: { type: 'app_home_opened', user: ANN.userId, tab: 'home' } });
    const response = await h.post(event, { contentType: 'application/json; charset=utf-8' });
    expect(response.status).toBe(200);
    expect(h.api.callsTo('views.publish')).toHaveLength(1);
  });

  it('still refuses another charset (400) and changes nothing', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const before = await storeContents(h.store);
    const body = slashCommandBody(ANN, 'unlink', h.api.responseUrl());
    expect((await h.post(body, { contentType: `${FORM}; charset=iso-8859-1` })).status).toBe(400);
    expect(await storeContents(h.store)).toBe(before);
  });
});

describe('every signed payload is answered', () => {
  it('acknowledges the closing of the token form at once (200), without "not acknowledged"', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    for (const callbackId of [CALLBACK.tokenForm, CALLBACK.tokenRotateForm]) {
      const closed = {
        type: 'view_closed',
        user: { id: ANN.userId, team_id: ANN.teamId },
        team: { id: ANN.teamId },
        api_app_id: 'A0KBC',
        view: { id: 'VFORM', type: 'modal', callback_id: callbackId, hash: 'h', private_metadata: '', state: { values: {} } },
        is_cleared: false,
      };
      expect((await h.interact(closed)).status).toBe(200);
    }
    expect(h.logs.join('\n')).not.toMatch(/not acknowledged|unhandled/i);
    expect(h.api.calls).toHaveLength(0);
  });

  it('answers 200 and logs the kind of a block_actions without user, a view without view, and unknown types — never 500 or 404', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const project = await h.core.projects.create({ name: 'Sales' });
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    const before = await storeContents(h.store);
    const accept = click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'home' });
    const payloads: [unknown, string][] = [
      [{ ...accept, user: undefined }, 'a block_actions without user'],
      [{ ...accept, user: 'U0ANN' }, 'a block_actions without user'],
      [{ type: 'view_submission', user: { id: ANN.userId, team_id: ANN.teamId } }, 'a view_submission without view'],
      [{ type: 'view_closed', user: { id: ANN.userId, team_id: ANN.teamId }, view: 'V1' }, 'a view_closed without view'],
      [{ type: 'something_new' }, 'a payload of an unsupported type (something_new)'],
      [{}, 'a payload of an unsupported type (undefined)'],
    ];
    for (const [payload, logged] of payloads) {
      const response = await h.interact(payload);
      expect(response.status).toBe(200);
      expect(h.logs.join('\n')).toContain(`ignored ${logged}`);
    }
    const event = await h.post(JSON.stringify({ type: 'event_callback', event: 'app_home_opened' }), { contentType: 'application/json' });
    expect(event.status).toBe(200);
    expect(h.logs.join('\n')).toContain('an event callback whose event is not an object');
    expect(await storeContents(h.store)).toBe(before);
    expect(h.logs.join('\n')).not.toMatch(/not acknowledged/i);
    expect(h.api.calls).toHaveLength(0);
  });
});

describe('Events API retries', () => {
  it('publishes the Home tab once for an app_home_opened delivered three times (Slack retrying a slow answer)', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    const opened = { type: 'app_home_opened', user: ANN.userId, tab: 'home' };
    expect((await h.event(ANN, opened, { eventId: 'Ev0RETRY' })).status).toBe(200);
    expect((await h.event(ANN, opened, { eventId: 'Ev0RETRY', retryNum: 1 })).status).toBe(200);
    expect((await h.event(ANN, opened, { eventId: 'Ev0RETRY', retryNum: 2 })).status).toBe(200);
    expect(h.api.callsTo('views.publish')).toHaveLength(1);
    expect(h.logs.join('\n')).toContain('ignored a repeated delivery of event Ev0RETRY');
    // A new opening of the tab is a new event: published again.
    await h.event(ANN, opened);
    expect(h.api.callsTo('views.publish')).toHaveLength(2);
  });
});

describe('Socket Mode', () => {
  it('acknowledges a block_actions without user (Bolt fails on it before any listener), logging only its kind', async () => {
    const { core } = testCore();
    const logger = captureLogger();
    const slack = createSlackApp({
      core,
      config: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: 'xapp-test', port: 0, apiUrl: null, tokenRequiresMfa: true },
      logger,
      bot: { botId: 'BBOT', botUserId: 'UBOT' },
      delivery: { autoStart: false },
    });
    // The Socket Mode client's event, as the WebSocket would deliver it (never connected here).
    const client = (slack.app as unknown as { receiver: { client: EventEmitter } }).receiver.client;
    const acks: unknown[] = [];
    const payload = { type: 'block_actions', team: { id: 'T0001' }, actions: [{ action_id: ACTION.invitationAccept, value: 'inv_1' }], trigger_id: 't' };
    client.emit('slack_event', { body: payload, ack: async (response?: unknown) => void acks.push(response ?? null), retry_num: undefined, retry_reason: undefined });
    await waitFor(() => acks.length === 1);
    expect(logger.lines.join('\n')).toContain('acknowledged and ignored a block_actions without user');
    expect(logger.lines.join('\n')).not.toContain('inv_1');
  });
});
