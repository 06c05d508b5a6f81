import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { fastTestHasher, NOTIFICATION_PAGE_SIZE_MAX, openCore, type Core } from '../../src/core/index.ts';
import { fileCore, makeAccount } from '../support/core.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { createDeliveryWorker, DELIVERY_POLL_INTERVAL_MS } from '../../src/slack/delivery/worker.ts';
import { FakeSlackApi } from './support/fake-slack-api.ts';
import { actionIdsOf, ANN, BOT_TOKEN, captureLogger, linkSlack, startHarness, startWithAnnLinked, textOf, waitFor, type Harness } from './support/harness.ts';

const setup = startWithAnnLinked;

const dmFor = async (h: Harness, ref: string) => {
  const where = await h.core.outbox.messageFor(ref);
  return where ? { ...where, message: h.api.messages.get(`${where.channel}/${where.ts}`)! } : null;
};

describe('DM delivery from the outbox', () => {
  it('shows a notification DM in full even when it is older than the newest page of notifications', async () => {
    const { h, ann } = await setup();
    const { notification } = await h.core.notifications.publish({ kind: 'announcement', title: 'Old one', message: 'The full text only the core has.', audience: { type: 'all' } });
    for (let n = 0; n < NOTIFICATION_PAGE_SIZE_MAX; n++) {
      h.clock.advance({ seconds: 1 });
      await h.core.notifications.publish({ kind: 'announcement', title: `Newer ${n}`, message: 'Later.', audience: { type: 'all' } });
    }
    // Only the old one is left to send (the newer ones went out already).
    const ref = `notification:${notification.id}:${ann}`;
    await h.store.transact(async (tx) => {
      for (const entry of await tx.find('outbox', 'account', ann)) if (entry.ref !== ref) tx.delete('outbox', entry.id);
    });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const [post] = h.api.callsTo('chat.postMessage');
    expect(textOf(post!.args['blocks'])).toContain('The full text only the core has.');
  });

  it('posts a new invitation to the invitee as a DM with Accept and Decline, and records where it is', async () => {
    const { h, ann, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const [post] = h.api.callsTo('chat.postMessage');
    expect(post!.args['channel']).toBe(ANN.userId);
    const dm = await dmFor(h, `invitation:${invitation.id}`);
    expect(dm?.channel).toBe('D0ANN');
    expect(actionIdsOf(dm!.message.blocks)).toEqual([ACTION.invitationAccept, ACTION.invitationDecline]);
    expect(textOf(dm!.message.blocks)).toContain('invited you to join *Sales*');
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 0, failed: 0 });
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('Pending invitations (1)');
    void ann;
  });

  it('updates the DM, without buttons, after an answer made in the dashboard or by the operator', async () => {
    const { h, ann, project } = await setup();
    const accepted = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    const other = await h.core.projects.create({ name: 'Ops' });
    const cancelled = await h.core.invitations.create({ projectId: other.id, email: 'ann@example.com' });
    await h.slack.delivery.deliverDue();
    await h.core.invitations.accept(ann, accepted.id); // as the dashboard would
    await h.core.invitations.cancel(cancelled.id); // as the operator CLI would
    h.api.reset();
    await h.slack.delivery.deliverDue();
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.api.callsTo('chat.update')).toHaveLength(2);
    const one = await dmFor(h, `invitation:${accepted.id}`);
    const two = await dmFor(h, `invitation:${cancelled.id}`);
    expect(textOf(one!.message.blocks)).toContain('You accepted the invitation to *Sales*');
    expect(textOf(two!.message.blocks)).toContain('was cancelled');
    expect(actionIdsOf(one!.message.blocks)).toEqual([]);
    expect(actionIdsOf(two!.message.blocks)).toEqual([]);
  });

  it('posts a new DM when the answered invitation has no message to update', async () => {
    const { h, ann, project } = await setup();
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    await h.slack.delivery.deliverDue();
    const first = await dmFor(h, `invitation:${invitation.id}`);
    h.api.messages.delete(`${first!.channel}/${first!.ts}`); // deleted in Slack meanwhile
    await h.core.invitations.decline(ann, invitation.id);
    h.api.reset();
    await h.slack.delivery.deliverDue();
    expect(h.api.calls.map((call) => call.method).filter((method) => method.startsWith('chat.'))).toEqual(['chat.update', 'chat.postMessage']);
    const now = await dmFor(h, `invitation:${invitation.id}`);
    expect(now!.ts).not.toBe(first!.ts);
    expect(textOf(now!.message.blocks)).toContain('You declined');
  });

  it('sends a notification, a token reminder and the link confirmation as DMs', async () => {
    const { h, ann } = await setup();
    await h.core.notifications.publish({ kind: 'announcement', title: 'New region', message: 'EU-2 is live.', audience: { type: 'all' } });
    await h.core.tokens.create(ann, { description: 'CI deploy', expiresInDays: 30 });
    h.clock.advance({ days: 24 });
    expect(await h.slack.delivery.sendReminders()).toBe(1);
    await h.core.slackLink.link({ ...ANN, code: (await h.core.slackLink.createLinkCode(ann)).code });
    await h.slack.delivery.deliverDue();
    const posted = h.api.callsTo('chat.postMessage').map((call) => textOf(call.args['blocks']));
    expect(posted.find((text) => text.includes('New region'))).toContain('EU-2 is live.');
    const reminder = h.api.callsTo('chat.postMessage').find((call) => textOf(call.args['blocks']).includes('Your Management API token *CI deploy*'));
    expect(textOf(reminder!.args['blocks'])).toContain('in 6 days');
    expect(actionIdsOf(reminder!.args['blocks'])).toEqual([ACTION.openTokenForm, ACTION.openTokens]);
    // Linking again re-uses the confirmation DM of the first link (same ref): an update, not a second DM.
    const confirmation = h.api.callsTo('chat.update').map((call) => textOf(call.args['blocks']));
    expect(confirmation.some((text) => text.includes('now linked to the Keboola account *ann@example.com*'))).toBe(true);
  });
});

describe('retries', () => {
  it('retries after a Slack error, with backoff', async () => {
    const { h, project } = await setup();
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    h.api.failNext('chat.postMessage', { error: 'internal_error' });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 1, retrying: 1, due: 0 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 }); // not due yet
    h.clock.advance({ seconds: 6 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('waits at least as long as a 429 Retry-After asks', async () => {
    const { h, project } = await setup();
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    h.api.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    h.clock.advance({ seconds: 20 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    h.clock.advance({ seconds: 11 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
  });

  it('stops after a 429 and calls Slack again only once Retry-After has passed, spending one attempt', async () => {
    const { h, project } = await setup();
    const invitations = [await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' })];
    for (const name of ['Ops', 'Finance']) {
      invitations.push(await h.core.invitations.create({ projectId: (await h.core.projects.create({ name })).id, email: 'ann@example.com' }));
    }
    const refs = invitations.map((invitation) => `invitation:${invitation.id}`);
    const attemptsSpent = async () =>
      (await h.store.view((view) => view.page('outbox', 'ref', { key: [...refs], limit: 100 }))).items.reduce((sum, entry) => sum + entry.attempts, 0);
    h.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    expect(h.api.calls.map((call) => call.method)).toEqual(['chat.postMessage']);
    // Within Retry-After nothing is sent, and no other entry is charged an attempt.
    h.clock.advance({ ms: 900 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(h.api.calls).toHaveLength(1);
    expect(await attemptsSpent()).toBe(1);
    h.clock.advance({ ms: 100 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 2, failed: 0 });
    expect(await attemptsSpent()).toBe(1);
    // The rate-limited entry itself waits out its own backoff (never shorter than Retry-After).
    h.clock.advance({ seconds: 5 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('retries after an HTTP 500, and gives up at once on user_not_found', async () => {
    const { h, project } = await setup();
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    h.api.failNext('chat.postMessage', { status: 500 });
    await h.slack.delivery.deliverDue();
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 1, failed: 0 });
    h.clock.advance({ minutes: 1 });
    h.api.failNext('chat.postMessage', { error: 'user_not_found' });
    await h.slack.delivery.deliverDue();
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 0, failed: 1 });
    h.clock.advance({ hours: 1 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 0 });
    expect(h.logs.join('\n')).toContain('user_not_found');
  });

  it('gives up on an entry whose payload it cannot read, without crashing', async () => {
    const { h, ann } = await setup();
    await h.store.transact(async (tx) => {
      tx.put('outbox', 'out_broken', {
        id: 'out_broken', kind: 'invitation.created', accountId: ann, ref: 'invitation:broken', payload: { invitationId: 42 },
        createdAt: h.clock.now().toISOString(), status: 'pending', attempts: 0, nextAttemptAt: h.clock.now().toISOString(),
        claimedBy: null, claimedUntil: null, lastError: null, deliveredAt: null,
      });
    });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 0, failed: 1 });
  });
});

describe('the delivery loop', () => {
  it('delivers what was queued while the app was down as soon as it starts', async () => {
    const h = await startHarness({
      autoDeliver: true,
      beforeStart: async (core) => {
        const ann = await makeAccount(core, 'ann@example.com');
        await linkSlack(core, ann, ANN);
        const project = await core.projects.create({ name: 'Sales' });
        await core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
      },
    });
    await waitFor(() => h.api.callsTo('chat.postMessage').length === 2);
    // Slack saw the messages before the worker recorded them; wait for the records.
    await waitFor(async () => (await h.core.outbox.stats()).delivered === 2);
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 0, delivered: 2 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('delivers a change on its next poll, which comes well within 2 seconds', async () => {
    // The 2-second promise holds by construction (a poll every DELIVERY_POLL_INTERVAL_MS); wall
    // time on these shared machines is not asserted (the benchmark measures it).
    expect(DELIVERY_POLL_INTERVAL_MS).toBeLessThanOrEqual(1000);
    const { h, project } = await setup({ autoDeliver: true, pollIntervalMs: DELIVERY_POLL_INTERVAL_MS });
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    // A hang guard, not a timing assertion.
    await waitFor(() => h.api.callsTo('chat.postMessage').length > 0, 10_000);
  });
});

describe('two Slack processes on one data directory', () => {
  it('deliver an entry they race for exactly once', async () => {
    const api = await FakeSlackApi.start();
    try {
      const { core: one, clock, dataDir } = await fileCore();
      const two = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: {} });
      const worker = (core: Core, workerId: string) =>
        createDeliveryWorker({
          deps: { core, config: { tokenRequiresMfa: true }, logger: captureLogger(), submitDeadlineMs: 2000 },
          client: new webApi.WebClient(BOT_TOKEN, { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } }),
          workerId,
        });
      const workers = [worker(one, 'slack-one'), worker(two, 'slack-two')];
      const ann = await makeAccount(one, 'ann@example.com');
      await linkSlack(one, ann, ANN);
      await workers[0]!.deliverDue(); // the "linked" confirmation
      api.reset();
      const project = await one.projects.create({ name: 'Sales' });
      await one.invitations.create({ projectId: project.id, email: 'ann@example.com' });
      // A slow Slack keeps the first sender busy while the second looks for work.
      api.delayNext('chat.postMessage', 200);
      const reports = await Promise.all(workers.map((each) => each.deliverDue()));
      expect(api.callsTo('chat.postMessage')).toHaveLength(1);
      expect(reports.map((report) => report.delivered).sort()).toEqual([0, 1]);
      expect(await two.outbox.stats()).toMatchObject({ pending: 0, failed: 0 });
    } finally {
      await api.close();
    }
  });
});
