import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/index.ts';
import { makeAccount } from '../support/core.ts';
import { ANN, linkSlack, startHarness, type Harness } from './support/harness.ts';

const healthOf = async (h: Harness) => {
  const response = await fetch(h.url.replace('/slack/events', '/healthz'));
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, unknown> } };
};

/** An Events API callback without a user (app events), as Slack sends it. */
const appEvent = (h: Harness, event: Record<string, unknown>) =>
  h.post(JSON.stringify({ token: 'x', team_id: 'T0001', api_app_id: 'A0KBC', type: 'event_callback', event_id: `Ev${Math.random()}`, event_time: 1, event }), {
    contentType: 'application/json',
  });

describe('readiness at /healthz', () => {
  it('answers 200 with every check ok', async () => {
    const h = await startHarness();
    const { status, body } = await healthOf(h);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', checks: { store: 'ok', slack: 'ok', outbox: { status: 'ok', oldestDueSeconds: 0, maxSeconds: 300 } } });
  });

  it('answers 503 when Slack refuses the bot token, and says why', async () => {
    const h = await startHarness();
    h.api.failNext('auth.test', { error: 'invalid_auth' });
    const { status, body } = await healthOf(h);
    expect(status).toBe(503);
    expect(body.checks['slack']).toBe('Slack refused the bot token (invalid_auth)');
  });

  it('answers 503 when a due message has waited longer than 5 minutes', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    expect((await healthOf(h)).status).toBe(200);
    h.clock.advance({ minutes: 6 });
    const { status, body } = await healthOf(h);
    expect(status).toBe(503);
    expect(body.checks['outbox']).toEqual({ status: 'a message has waited 360 s to be delivered', oldestDueSeconds: 360, maxSeconds: 300 });
    await h.slack.delivery.deliverDue();
    expect((await healthOf(h)).status).toBe(200);
  });

  it('answers 503 when the store does not answer', async () => {
    const h = await startHarness();
    // A database gone away: the core's store check rejects with the store's error.
    (h.core as { checkStore: () => Promise<void> }).checkStore = async () => {
      throw new StoreError('STORE_UNREADABLE', 'the test database', 'does not answer');
    };
    const { status, body } = await healthOf(h);
    expect(status).toBe(503);
    expect(String(body.checks['store'])).toMatch(/^the store did not answer/);
  });
});

describe('app_uninstalled and tokens_revoked', () => {
  it('stop delivery, keep the outbox, tell the operator and make the app not ready', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    expect((await appEvent(h, { type: 'app_uninstalled' })).status).toBe(200);
    const project = await h.core.projects.create({ name: 'Sales' });
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    const waiting = await h.core.outbox.admin.list({ status: 'pending' });
    expect(waiting.items.map((entry) => entry.kind)).toEqual(['slack.linked', 'invitation.created']);
    expect(h.logs.join('\n')).toMatch(/error kbc-account slack: Slack uninstalled the app from the workspace\. Delivery has stopped and 1 Slack message\(s\) are kept in the outbox/);
    const { status, body } = await healthOf(h);
    expect(status).toBe(503);
    expect(body.checks['slack']).toBe('delivery suspended: Slack uninstalled the app from the workspace');
  });

  it('stops delivery when the bot token is revoked, not when only user tokens are', async () => {
    const h = await startHarness();
    await appEvent(h, { type: 'tokens_revoked', tokens: { oauth: ['U0ANN'], bot: [] } });
    await appEvent(h, { type: 'tokens_revoked', tokens: 'garbled' });
    await appEvent(h, { type: 'tokens_revoked' });
    expect(h.slack.delivery.suspendedBecause).toBeNull();
    await appEvent(h, { type: 'tokens_revoked', tokens: { bot: ['UBOT'] } });
    expect(h.slack.delivery.suspendedBecause).toBe('Slack revoked the bot token');
    expect((await healthOf(h)).status).toBe(503);
  });
});
