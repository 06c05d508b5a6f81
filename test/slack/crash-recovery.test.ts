import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/ids.ts';
import { DELIVERY_LEASE_SECONDS } from '../../src/slack/delivery/worker.ts';
import { OUTBOX_METADATA_TYPE } from '../../src/slack/delivery/find-posted.ts';
import { actionIdsOf, ANN, startWithAnnLinked, type Harness } from './support/harness.ts';

/** Ann linked (see startWithAnnLinked), invited to Sales; the invitation's DM not sent yet. */
async function setup() {
  const { h, ann, project } = await startWithAnnLinked();
  const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
  return { h, ann, invitation };
}

/** The sender dies right after Slack took the post: nothing records the delivery, the lease runs out. */
async function crashAfterPosting(h: Harness): Promise<void> {
  const { outbox } = h.core;
  const markDelivered = outbox.markDelivered;
  outbox.markDelivered = async () => {
    throw new Error('the process died here');
  };
  try {
    await h.slack.delivery.deliverDue();
  } finally {
    outbox.markDelivered = markDelivered;
  }
  expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
  h.clock.advance({ seconds: DELIVERY_LEASE_SECONDS + 1 });
}

describe('a sender that dies between posting and recording the DM', () => {
  it('names the outbox entry in the metadata of every DM it posts', async () => {
    const { h } = await setup();
    await h.slack.delivery.deliverDue();
    const [post] = h.api.callsTo('chat.postMessage');
    const entries = await h.store.view((view) => view.page('outbox', 'settled', { key: 'settled', limit: 10 }));
    const delivered = entries.items.find((entry) => entry.kind === 'invitation.created')!;
    expect(post!.args['metadata']).toEqual({ event_type: OUTBOX_METADATA_TYPE, event_payload: { entry: delivered.id, ref: delivered.ref } });
  });

  it('is followed by an update of the message it posted, found by that metadata, not by a second DM', async () => {
    const { h, invitation } = await setup();
    await crashAfterPosting(h);
    const [first] = h.api.callsTo('chat.postMessage');
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    const [history] = h.api.callsTo('conversations.history');
    expect(history!.args['channel']).toBe('D0ANN');
    expect(String(history!.args['include_all_metadata'])).toBe('true');
    const updates = h.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    const where = (await h.core.outbox.messageFor(`invitation:${invitation.id}`))!;
    expect(updates[0]!.args).toMatchObject({ channel: where.channel, ts: where.ts });
    expect(first!.args['channel']).toBe(ANN.userId);
    // One DM in Ann's conversation, with live buttons, and recorded: a later answer updates it.
    const ref = `invitation:${invitation.id}`;
    const dms = [...h.api.messages].filter(([, message]) => (message.metadata as { event_payload?: { ref?: string } } | undefined)?.event_payload?.ref === ref).map(([key]) => key);
    expect(dms).toEqual([`${where.channel}/${where.ts}`]);
    expect(actionIdsOf(h.api.messages.get(dms[0]!)!.blocks)).toEqual([ACTION.invitationAccept, ACTION.invitationDecline]);
    expect(await h.core.outbox.stats()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('posts again when Slack will not show the history (a missing scope), saying so in the log', async () => {
    const { h } = await setup();
    await crashAfterPosting(h);
    h.api.failNext('conversations.history', { error: 'missing_scope' });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(2);
    expect(h.logs.join('\n')).toContain('could not look for an earlier copy');
    expect(h.logs.join('\n')).toContain('missing_scope');
  });

  it('posts again when the earlier attempt never reached Slack', async () => {
    const { h } = await setup();
    h.api.failNext('chat.postMessage', { status: 500 });
    await h.slack.delivery.deliverDue();
    h.clock.advance({ minutes: 1 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(h.api.callsTo('conversations.history')).toHaveLength(1);
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(2);
    expect(h.api.callsTo('chat.update')).toHaveLength(0);
  });
});

describe('a busy Slack while looking for the earlier copy', () => {
  it('retries the entry after Retry-After instead of posting a possible second copy', async () => {
    const { h, invitation } = await setup();
    await crashAfterPosting(h);
    h.api.failNext('conversations.history', { status: 429, retryAfter: 3 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    // Its backoff (the lease that ran out and the 429 are two attempts), never shorter than Retry-After.
    h.clock.advance({ seconds: 11 });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.api.callsTo('chat.update')).toHaveLength(1);
    expect(await h.core.outbox.messageFor(`invitation:${invitation.id}`)).toMatchObject({ channel: 'D0ANN' });
  });
});
