import { describe, expect, it } from 'vitest';
import { OUTBOX_ERROR_MAX_LENGTH, OUTBOX_MAX_ATTEMPTS } from '../../../src/core/index.ts';
import { stored, testCore } from '../../support/core.ts';
import { dropLinkConfirmations, enqueue, linkedAccount, slackMessages } from './support.ts';

/** One linked account with one claimed entry (ref `r:1`) held by worker `w1`. */
async function claimedEntry() {
  const t = testCore();
  const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
  await dropLinkConfirmations(t.store);
  const id = (await enqueue(t.store, t.clock, ann, 'r:1'))!;
  await t.core.outbox.claim({ workerId: 'w1', leaseSeconds: 60 });
  return { ...t, ann, id };
}

const msAfter = (from: Date, isoTime: string | null) => new Date(isoTime!).getTime() - from.getTime();

describe('marking an entry delivered', () => {
  it('settles the entry and records where its message is', async () => {
    const { core, clock, store, ann, id } = await claimedEntry();
    await core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.000100' });
    expect(await stored(store, 'outbox', id)).toMatchObject({ status: 'delivered', deliveredAt: clock.now().toISOString(), claimedUntil: null });
    expect(await stored(store, 'slackMessages', 'r:1')).toEqual({
      ref: 'r:1',
      channel: 'D0ANN',
      ts: '1.000100',
      updatedAt: clock.now().toISOString(),
      accountId: ann,
    });
    expect(await core.outbox.messageFor('r:1')).toEqual({ channel: 'D0ANN', ts: '1.000100' });
    expect(await core.outbox.messageFor('r:unknown')).toBeNull();
    expect(await core.outbox.claim({ workerId: 'w2' })).toEqual([]);
  });

  it('is harmless to repeat by the worker that delivered', async () => {
    const { core, id } = await claimedEntry();
    await core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.1' });
    await expect(core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.1' })).resolves.toBeUndefined();
    await expect(core.outbox.markDelivered(id, 'w2', { channel: 'D0ANN', ts: '1.1' })).rejects.toMatchObject({ code: 'OUTBOX_CLAIM_LOST' });
  });

  it('refuses a worker whose lease ran out and another worker took the entry over', async () => {
    const { core, clock, store, id } = await claimedEntry();
    clock.advance({ seconds: 61 });
    await core.outbox.claim({ workerId: 'w2' });
    await expect(core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.1' })).rejects.toMatchObject({ code: 'OUTBOX_CLAIM_LOST' });
    await expect(core.outbox.markFailed(id, 'w1', { error: 'timeout' })).rejects.toMatchObject({ code: 'OUTBOX_CLAIM_LOST' });
    expect(await slackMessages(store)).toEqual({});
    await core.outbox.markDelivered(id, 'w2', { channel: 'D0ANN', ts: '2.2' });
    expect(await core.outbox.messageFor('r:1')).toEqual({ channel: 'D0ANN', ts: '2.2' });
  });

  it('accepts a late report when nobody else claimed the entry meanwhile', async () => {
    const { core, clock, store, id } = await claimedEntry();
    clock.advance({ minutes: 5 });
    await core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.1' });
    expect(await stored(store, 'outbox', id)).toMatchObject({ status: 'delivered', claimedBy: 'w1' });
    expect(await core.outbox.messageFor('r:1')).toEqual({ channel: 'D0ANN', ts: '1.1' });
  });

  it('refuses a worker that never claimed the entry', async () => {
    const { core, id } = await claimedEntry();
    await expect(core.outbox.markDelivered(id, 'intruder', { channel: 'D0ANN', ts: '1.1' })).rejects.toMatchObject({
      code: 'OUTBOX_CLAIM_LOST',
    });
  });

  it('refuses a sender whose account unlinked while it was sending', async () => {
    const { core, store, ann, id } = await claimedEntry();
    await core.slackLink.unlink(ann);
    await expect(core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.1' })).rejects.toMatchObject({ code: 'OUTBOX_CLAIM_LOST' });
    expect(await slackMessages(store)).toEqual({});
  });

  it('says OUTBOX_ENTRY_NOT_FOUND for an unknown entry and INVALID_INPUT for an empty channel or ts', async () => {
    const { core, id } = await claimedEntry();
    await expect(core.outbox.markDelivered('out_missing', 'w1', { channel: 'D0', ts: '1' })).rejects.toMatchObject({
      code: 'OUTBOX_ENTRY_NOT_FOUND',
    });
    await expect(core.outbox.markFailed('out_missing', 'w1', { error: 'x' })).rejects.toMatchObject({ code: 'OUTBOX_ENTRY_NOT_FOUND' });
    await expect(core.outbox.markDelivered(id, 'w1', { channel: '', ts: '1' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.outbox.markDelivered(id, 'w1', { channel: 'D0', ts: ' ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('marking an attempt failed', () => {
  it('backs off exponentially with jitter, up to 15 minutes', async () => {
    const { core, clock, id } = await claimedEntry();
    const ceilings = [5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900];
    for (const [index, ceilingSeconds] of ceilings.entries()) {
      const outcome = await core.outbox.markFailed(id, 'w1', { error: 'slack down' });
      expect(outcome).toMatchObject({ status: 'pending', attempts: index + 1 });
      const waitMs = msAfter(clock.now(), outcome.nextAttemptAt);
      expect(waitMs).toBeGreaterThanOrEqual((ceilingSeconds * 1000) / 2);
      expect(waitMs).toBeLessThanOrEqual(ceilingSeconds * 1000);
      clock.set(outcome.nextAttemptAt!);
      expect(await core.outbox.claim({ workerId: 'w1' })).toHaveLength(1);
    }
    expect(ceilings).toHaveLength(OUTBOX_MAX_ATTEMPTS - 1);
  });

  it('gives up after OUTBOX_MAX_ATTEMPTS failed attempts', async () => {
    const { core, clock, store, id } = await claimedEntry();
    let outcome = await core.outbox.markFailed(id, 'w1', { error: 'slack down' });
    while (outcome.status === 'pending') {
      clock.set(outcome.nextAttemptAt!);
      await core.outbox.claim({ workerId: 'w1' });
      outcome = await core.outbox.markFailed(id, 'w1', { error: `slack down ${outcome.attempts + 1}` });
    }
    expect(outcome).toEqual({ status: 'failed', attempts: OUTBOX_MAX_ATTEMPTS, nextAttemptAt: null });
    expect(await stored(store, 'outbox', id)).toMatchObject({ status: 'failed', lastError: `slack down ${OUTBOX_MAX_ATTEMPTS}`, claimedBy: null });
    clock.advance({ days: 1 });
    expect(await core.outbox.claim({ workerId: 'w1' })).toEqual([]);
  });

  it("waits for Slack's Retry-After when it is longer than the backoff", async () => {
    const { core, clock, id } = await claimedEntry();
    const outcome = await core.outbox.markFailed(id, 'w1', { error: 'ratelimited', retryAfterSeconds: 120 });
    expect(msAfter(clock.now(), outcome.nextAttemptAt)).toBe(120_000);
  });

  it('keeps the backoff when Retry-After is shorter', async () => {
    const { core, clock, id } = await claimedEntry();
    await core.outbox.markFailed(id, 'w1', { error: 'x' });
    for (let attempt = 2; attempt <= 5; attempt++) {
      clock.advance({ minutes: 15 });
      await core.outbox.claim({ workerId: 'w1' });
      const outcome = await core.outbox.markFailed(id, 'w1', { error: 'ratelimited', retryAfterSeconds: 1 });
      expect(msAfter(clock.now(), outcome.nextAttemptAt)).toBeGreaterThanOrEqual(2 ** (attempt - 1) * 2500);
    }
  });

  it('gives up at once on a permanent failure', async () => {
    const { core, id } = await claimedEntry();
    await expect(core.outbox.markFailed(id, 'w1', { error: 'user_not_found', permanent: true })).resolves.toEqual({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
    });
  });

  it('releases the claim so the retry can go to any worker', async () => {
    const { core, clock, id } = await claimedEntry();
    const outcome = await core.outbox.markFailed(id, 'w1', { error: 'x' });
    clock.set(outcome.nextAttemptAt!);
    const [retry] = await core.outbox.claim({ workerId: 'w2' });
    expect(retry?.entry).toMatchObject({ id, claimedBy: 'w2', attempts: 1 });
  });

  it('keeps lastError short, on one line and free of tokens', async () => {
    const { core, store, id } = await claimedEntry();
    const error = `An API error occurred: invalid_auth\n token=xoxb-1234-5678-abcdefghijkl Authorization: Bearer sk_live_abc ${'x'.repeat(500)}`;
    await core.outbox.markFailed(id, 'w1', { error });
    const lastError = (await stored(store, 'outbox', id))!.lastError!;
    expect(lastError.length).toBeLessThanOrEqual(OUTBOX_ERROR_MAX_LENGTH);
    expect(lastError).toContain('invalid_auth');
    expect(lastError).not.toMatch(/\n|xoxb-|sk_live/);
  });

  it('refuses a negative or non-numeric Retry-After', async () => {
    const { core, id } = await claimedEntry();
    for (const retryAfterSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(core.outbox.markFailed(id, 'w1', { error: 'x', retryAfterSeconds })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });
});
