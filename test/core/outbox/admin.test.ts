import { describe, expect, it } from 'vitest';
import { storeContents, stored, testCore } from '../../support/core.ts';
import { dropLinkConfirmations, enqueue, linkedAccount } from './support.ts';

/** Ann, linked, with one entry given up after a permanent failure and one still pending. */
async function world() {
  const t = testCore('2026-03-02T09:00:00.000Z');
  const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
  await dropLinkConfirmations(t.store);
  const failed = (await enqueue(t.store, t.clock, ann, 'r:failed'))!;
  await t.core.outbox.claim({ workerId: 'w1' });
  await t.core.outbox.markFailed(failed, 'w1', { error: 'channel_not_found', permanent: true });
  t.clock.advance({ seconds: 1 });
  const pending = (await enqueue(t.store, t.clock, ann, 'r:pending'))!;
  return { ...t, ann, failed, pending };
}

const eventTypes = async (t: Awaited<ReturnType<typeof world>>) => (await t.core.accounts.securityActivity(t.ann)).map((event) => event.type);

describe('the outbox as an operator sees it', () => {
  it('lists pending and failed entries with their account and last error, no payload', async () => {
    const { core, failed, pending } = await world();
    const waiting = await core.outbox.admin.list({ status: 'pending' });
    expect(waiting.items.map((entry) => entry.id)).toEqual([pending]);
    const given = await core.outbox.admin.list({ status: 'failed' });
    expect(given.items).toEqual([
      expect.objectContaining({ id: failed, email: 'ann@example.com', status: 'failed', lastError: 'channel_not_found', nextAttemptAt: null, inFlight: false }),
    ]);
    expect(given.items[0]).not.toHaveProperty('payload');
    await expect(core.outbox.admin.list({ status: 'failed', limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('sends a failed entry again from zero attempts, recorded in the account security activity', async () => {
    const t = await world();
    const retried = await t.core.outbox.admin.retry(t.failed);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: t.clock.now().toISOString() });
    const [claimed] = await t.core.outbox.claim({ workerId: 'w2', limit: 1 });
    expect(claimed?.entry.id).toBe(t.failed);
    expect(await eventTypes(t)).toContain('slack.outbox_retried');
  });

  it('refuses to retry a pending entry, an unknown id, or one a newer message of its ref replaced', async () => {
    const t = await world();
    await expect(t.core.outbox.admin.retry(t.pending)).rejects.toMatchObject({ code: 'OUTBOX_ENTRY_WRONG_STATE' });
    await expect(t.core.outbox.admin.retry('constructor')).rejects.toMatchObject({ code: 'OUTBOX_ENTRY_NOT_FOUND' });
    await enqueue(t.store, t.clock, t.ann, 'r:failed');
    const before = await storeContents(t.store);
    await expect(t.core.outbox.admin.retry(t.failed)).rejects.toMatchObject({ code: 'OUTBOX_ENTRY_WRONG_STATE' });
    expect(await storeContents(t.store)).toBe(before);
  });

  it('refuses to retry for an account no longer linked', async () => {
    const t = await world();
    await t.core.slackLink.unlink(t.ann);
    await expect(t.core.outbox.admin.retry(t.failed)).rejects.toMatchObject({ code: 'SLACK_NOT_LINKED' });
  });

  it('discards a pending entry (a worker holding it loses its claim) and removes a failed one', async () => {
    const t = await world();
    await t.core.outbox.claim({ workerId: 'w1' });
    expect((await t.core.outbox.admin.discard(t.pending)).status).toBe('pending');
    expect(await stored(t.store, 'outbox', t.pending)).toMatchObject({ status: 'failed', lastError: 'discarded by an operator' });
    await expect(t.core.outbox.markDelivered(t.pending, 'w1', { channel: 'D1', ts: '1.1' })).rejects.toMatchObject({ code: 'OUTBOX_CLAIM_LOST' });
    await t.core.outbox.admin.discard(t.failed);
    expect(await stored(t.store, 'outbox', t.failed)).toBeNull();
    expect((await eventTypes(t)).filter((type) => type === 'slack.outbox_discarded')).toHaveLength(2);
  });

  it('refuses to discard a delivered entry', async () => {
    const t = await world();
    const [claimed] = await t.core.outbox.claim({ workerId: 'w1' });
    await t.core.outbox.markDelivered(claimed!.entry.id, 'w1', { channel: 'D1', ts: '1.1' });
    await expect(t.core.outbox.admin.discard(t.pending)).rejects.toMatchObject({ code: 'OUTBOX_ENTRY_WRONG_STATE' });
  });
});
