import { describe, expect, it } from 'vitest';
import { OUTBOX_RETENTION_DAYS, SLACK_MESSAGE_RETENTION_DAYS } from '../../../src/core/index.ts';
import { OUTBOX_PRUNE_BATCH } from '../../../src/core/outbox/constants.ts';
import { enqueueOutbox } from '../../../src/core/outbox/enqueue.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import { testCore } from '../../support/core.ts';
import { dropLinkConfirmations, enqueue, linkedAccount, outboxEntries } from './support.ts';

async function setup() {
  const t = testCore();
  const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
  await dropLinkConfirmations(t.store);
  return { ...t, ann };
}

describe('outbox stats', () => {
  it('counts entries by state for monitoring', async () => {
    const { core, clock, store, ann } = await setup();
    expect(await core.outbox.stats()).toEqual({ pending: 0, due: 0, inFlight: 0, retrying: 0, delivered: 0, failed: 0, oldestPendingAt: null });
    const firstAt = clock.now().toISOString();
    const delivered = await enqueue(store, clock, ann, 'r:delivered');
    const failed = await enqueue(store, clock, ann, 'r:failed');
    const retrying = await enqueue(store, clock, ann, 'r:retrying');
    await enqueue(store, clock, ann, 'r:in-flight');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(delivered!, 'w1', { channel: 'D0', ts: '1' });
    await core.outbox.markFailed(failed!, 'w1', { error: 'user_not_found', permanent: true });
    await core.outbox.markFailed(retrying!, 'w1', { error: 'slack down' });
    clock.advance({ seconds: 1 });
    await enqueue(store, clock, ann, 'r:due');
    expect(await core.outbox.stats()).toEqual({
      pending: 3,
      due: 1,
      inFlight: 1,
      retrying: 1,
      delivered: 1,
      failed: 1,
      oldestPendingAt: firstAt,
    });
  });
});

describe('outbox pruning', () => {
  it('removes settled entries after the retention period and keeps pending ones', async () => {
    const { core, clock, store, ann } = await setup();
    const delivered = await enqueue(store, clock, ann, 'r:delivered');
    const failed = await enqueue(store, clock, ann, 'r:failed');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(delivered!, 'w1', { channel: 'D0', ts: '1' });
    await core.outbox.markFailed(failed!, 'w1', { error: 'user_not_found', permanent: true });
    const pending = await enqueue(store, clock, ann, 'r:pending');
    // Park the pending one far in the future, as if it kept failing.
    await store.transact(async (tx) => {
      (await tx.get('outbox', pending!))!.nextAttemptAt = '2099-01-01T00:00:00.000Z';
    });
    clock.advance({ days: OUTBOX_RETENTION_DAYS });
    expect(await core.outbox.prune()).toEqual({ entries: 0, messages: 0 });
    clock.advance({ ms: 1 });
    expect(await core.outbox.prune()).toEqual({ entries: 2, messages: 0 });
    expect(Object.keys(await outboxEntries(store))).toEqual([pending]);
    expect(await core.outbox.messageFor('r:delivered')).toEqual({ channel: 'D0', ts: '1' });
  });

  it('forgets Slack messages not updated for the message retention period', async () => {
    const { core, clock, store, ann } = await setup();
    const id = await enqueue(store, clock, ann, 'r:1');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(id!, 'w1', { channel: 'D0', ts: '1' });
    clock.advance({ days: SLACK_MESSAGE_RETENTION_DAYS, ms: 1 });
    expect(await core.outbox.prune()).toEqual({ entries: 1, messages: 1 });
    expect(await core.outbox.messageFor('r:1')).toBeNull();
  });

  it('happens on claim too, so a running sender keeps the outbox small', async () => {
    const { core, clock, store, ann } = await setup();
    const id = await enqueue(store, clock, ann, 'r:1');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(id!, 'w1', { channel: 'D0', ts: '1' });
    clock.advance({ days: OUTBOX_RETENTION_DAYS + 1 });
    await core.outbox.claim({ workerId: 'w1' });
    expect(await outboxEntries(store)).toEqual({});
  });

  it('removes a bounded batch per claim, while prune removes everything due', async () => {
    const { core, clock, store, ann } = await setup();
    const settled = 2 * OUTBOX_PRUNE_BATCH + 1;
    await store.transact(async (tx) => {
      for (let i = 0; i < settled; i++) {
        const id = await enqueueOutbox(tx, clock.now(), cryptoRandom, { accountId: ann, kind: 'token.expiring', ref: `r:${i}`, payload: {} });
        Object.assign((await tx.get('outbox', id!))!, { status: 'delivered', deliveredAt: clock.now().toISOString() });
      }
    });
    clock.advance({ days: OUTBOX_RETENTION_DAYS, ms: 1 });
    expect(await core.outbox.claim({ workerId: 'w1' })).toEqual([]);
    expect(Object.keys(await outboxEntries(store))).toHaveLength(settled - OUTBOX_PRUNE_BATCH);
    expect(await core.outbox.prune()).toEqual({ entries: settled - OUTBOX_PRUNE_BATCH, messages: 0 });
    expect(await outboxEntries(store)).toEqual({});
  });
});
