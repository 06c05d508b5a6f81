import { describe, expect, it } from 'vitest';
import {
  createCore,
  createSecretBox,
  FakeClock,
  fastTestHasher,
  MemoryStore,
  OUTBOX_MAX_ATTEMPTS,
} from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { enqueueOutbox } from '../../../src/core/outbox/enqueue.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import { stored, TEST_SECRET_KEY, testCore } from '../../support/core.ts';
import { dropLinkConfirmations, enqueue, linkedAccount, TEAM } from './support.ts';

async function setup() {
  const t = testCore();
  const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
  const bob = await linkedAccount(t.core, 'bob@example.com', 'U0BOB');
  await dropLinkConfirmations(t.store);
  return { ...t, ann, bob };
}

describe('claiming outbox entries', () => {
  it('returns due entries oldest first with the Slack user to send to', async () => {
    const { core, clock, store, ann, bob } = await setup();
    const first = await enqueue(store, clock, ann, 'r:1');
    clock.advance({ seconds: 1 });
    const second = await enqueue(store, clock, bob, 'r:2');
    const claimed = await core.outbox.claim({ workerId: 'w1', leaseSeconds: 30 });
    expect(claimed.map((item) => item.entry.id)).toEqual([first, second]);
    expect(claimed[0]).toMatchObject({
      slack: { teamId: TEAM, userId: 'U0ANN' },
      message: null,
      entry: { claimedBy: 'w1', claimedUntil: new Date(clock.now().getTime() + 30_000).toISOString(), status: 'pending' },
    });
    expect(claimed[1]!.slack.userId).toBe('U0BOB');
  });

  it('keeps the insertion order of entries queued in one transaction', async () => {
    const { core, clock, store, ann } = await setup();
    const ids = await store.transact(async (tx) => {
      const queued: (string | null)[] = [];
      for (const ref of ['r:d', 'r:c', 'r:b', 'r:a']) {
        queued.push(await enqueueOutbox(tx, clock.now(), cryptoRandom, { accountId: ann, kind: 'token.expiring', ref, payload: {} }));
      }
      return queued;
    });
    expect((await core.outbox.claim({ workerId: 'w1' })).map((item) => item.entry.id)).toEqual(ids);
  });

  it('keeps the queue order of entries queued by separate transactions in one millisecond', async () => {
    const { core, clock, store, ann, bob } = await setup();
    const ids: (string | null)[] = [];
    for (let i = 0; i < 30; i++) ids.push(await enqueue(store, clock, i % 2 ? ann : bob, `r:${i}`));
    expect((await core.outbox.claim({ workerId: 'w1', limit: 30 })).map((item) => item.entry.id)).toEqual(ids);
  });

  it("keeps one ref's entries in queue order when a later one comes from a host whose clock is behind", async () => {
    const { core, clock, store, ann } = await setup();
    const created = await store.transact((tx) => enqueueOutbox(tx, clock.now(), cryptoRandom, { accountId: ann, kind: 'invitation.created', ref: 'invitation:x', payload: {} }));
    // Another process, 50 ms behind, answers the invitation right after.
    const behind = new Date(clock.now().getTime() - 50);
    const answered = await store.transact((tx) => enqueueOutbox(tx, behind, cryptoRandom, { accountId: ann, kind: 'invitation.answered', ref: 'invitation:x', payload: {} }));
    expect((await core.outbox.claim({ workerId: 'w1' })).map((item) => item.entry.id)).toEqual([created]);
    await core.outbox.markDelivered(created!, 'w1', { channel: 'D0ANN', ts: '100.1' });
    expect((await core.outbox.claim({ workerId: 'w1' })).map((item) => item.entry.id)).toEqual([answered]);
  });

  it('returns at most `limit` entries and leaves the rest for the next claim', async () => {
    const { core, clock, store, ann } = await setup();
    for (let i = 0; i < 5; i++) await enqueue(store, clock, ann, `r:${i}`);
    const first = await core.outbox.claim({ workerId: 'w1', limit: 2 });
    const second = await core.outbox.claim({ workerId: 'w2', limit: 10 });
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(3);
    expect(new Set([...first, ...second].map((item) => item.entry.id)).size).toBe(5);
  });

  it('does not hand a claimed entry to another worker while the lease lasts', async () => {
    const { core, clock, store, ann } = await setup();
    await enqueue(store, clock, ann, 'r:1');
    await core.outbox.claim({ workerId: 'w1', leaseSeconds: 60 });
    clock.advance({ seconds: 59 });
    expect(await core.outbox.claim({ workerId: 'w2' })).toEqual([]);
  });

  it('hands the entry to another worker once the lease ran out, counting an attempt', async () => {
    const { core, clock, store, ann } = await setup();
    const id = await enqueue(store, clock, ann, 'r:1');
    await core.outbox.claim({ workerId: 'w1', leaseSeconds: 60 });
    clock.advance({ seconds: 60 });
    const [reclaimed] = await core.outbox.claim({ workerId: 'w2' });
    expect(reclaimed?.entry).toMatchObject({ id, claimedBy: 'w2', attempts: 1, lastError: expect.stringContaining('lease expired') });
  });

  it('gives up an entry whose leases keep running out', async () => {
    const { core, clock, store, ann } = await setup();
    const id = await enqueue(store, clock, ann, 'r:1');
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) {
      expect(await core.outbox.claim({ workerId: `w${i}`, leaseSeconds: 10 })).toHaveLength(1);
      clock.advance({ seconds: 10 });
    }
    expect(await core.outbox.claim({ workerId: 'last' })).toEqual([]);
    expect(await stored(store, 'outbox', id!)).toMatchObject({ status: 'failed', attempts: OUTBOX_MAX_ATTEMPTS, claimedBy: null });
  });

  it('does not return entries before their next attempt time', async () => {
    const { core, clock, store, ann } = await setup();
    const id = await enqueue(store, clock, ann, 'r:1');
    await core.outbox.claim({ workerId: 'w1' });
    const { nextAttemptAt } = await core.outbox.markFailed(id!, 'w1', { error: 'boom', retryAfterSeconds: 30 });
    clock.set(new Date(new Date(nextAttemptAt!).getTime() - 1));
    expect(await core.outbox.claim({ workerId: 'w1' })).toEqual([]);
    clock.advance({ ms: 1 });
    expect(await core.outbox.claim({ workerId: 'w1' })).toHaveLength(1);
  });

  it('sends entries sharing a ref one at a time, oldest first', async () => {
    const { core, clock, store, ann } = await setup();
    const created = await enqueue(store, clock, ann, 'invitation:inv_1', 'invitation.created');
    const answered = await enqueue(store, clock, ann, 'invitation:inv_1', 'invitation.answered');
    const other = await enqueue(store, clock, ann, 'invitation:inv_2', 'invitation.created');
    const first = await core.outbox.claim({ workerId: 'w1' });
    expect(first.map((item) => item.entry.id)).toEqual([created, other]);
    expect(await core.outbox.claim({ workerId: 'w2' })).toEqual([]);
    await core.outbox.markDelivered(created!, 'w1', { channel: 'D0ANN', ts: '100.1' });
    const [update] = await core.outbox.claim({ workerId: 'w2' });
    expect(update).toMatchObject({ entry: { id: answered }, message: { channel: 'D0ANN', ts: '100.1' } });
  });

  it('holds a later entry of a ref back while the earlier one is backing off', async () => {
    const { core, clock, store, ann } = await setup();
    const created = await enqueue(store, clock, ann, 'invitation:inv_1', 'invitation.created');
    await enqueue(store, clock, ann, 'invitation:inv_1', 'invitation.answered');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markFailed(created!, 'w1', { error: 'slack down' });
    expect(await core.outbox.claim({ workerId: 'w1' })).toEqual([]);
    clock.advance({ minutes: 15 });
    expect((await core.outbox.claim({ workerId: 'w1' })).map((item) => item.entry.id)).toEqual([created]);
  });

  it('lets the next entry of a ref go once the earlier one was given up', async () => {
    const { core, clock, store, ann } = await setup();
    const created = await enqueue(store, clock, ann, 'invitation:inv_1', 'invitation.created');
    const answered = await enqueue(store, clock, ann, 'invitation:inv_1', 'invitation.answered');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markFailed(created!, 'w1', { error: 'user_not_found', permanent: true });
    const [next] = await core.outbox.claim({ workerId: 'w1' });
    expect(next).toMatchObject({ entry: { id: answered }, message: null });
  });

  it('returns the recorded Slack message for a later entry with the same ref', async () => {
    const { core, clock, store, ann } = await setup();
    const first = await enqueue(store, clock, ann, 'token:tok_1', 'token.expiring');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(first!, 'w1', { channel: 'D0ANN', ts: '1700000000.000100' });
    clock.advance({ days: 6 });
    await enqueue(store, clock, ann, 'token:tok_1', 'token.expiring');
    const [claimed] = await core.outbox.claim({ workerId: 'w2' });
    expect(claimed?.message).toEqual({ channel: 'D0ANN', ts: '1700000000.000100' });
  });

  it("never offers another account's message for a shared ref", async () => {
    const { core, clock, store, ann, bob } = await setup();
    const annEntry = await enqueue(store, clock, ann, 'shared:1');
    await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(annEntry!, 'w1', { channel: 'D0ANN', ts: '1.1' });
    await enqueue(store, clock, bob, 'shared:1');
    const [claimed] = await core.outbox.claim({ workerId: 'w1' });
    expect(claimed).toMatchObject({ slack: { userId: 'U0BOB' }, message: null });
  });

  it('gives up entries of accounts no longer linked instead of returning them', async () => {
    const { core, clock, store, ann, bob } = await setup();
    const orphan = await enqueue(store, clock, ann, 'r:1');
    const kept = await enqueue(store, clock, bob, 'r:2');
    // As if the link vanished without the unlink flow (e.g. edited by hand): claim is the safety net.
    await store.transact(async (tx) => {
      tx.delete('slackLinks', ann);
    });
    const claimed = await core.outbox.claim({ workerId: 'w1' });
    expect(claimed.map((item) => item.entry.id)).toEqual([kept]);
    expect(await stored(store, 'outbox', orphan!)).toMatchObject({ status: 'failed', lastError: 'account is not linked to Slack' });
  });

  it('does not deliver what was queued before the account unlinked, only the DM telling the old Slack user', async () => {
    const { core, clock, store, ann } = await setup();
    await enqueue(store, clock, ann, 'r:1');
    await core.slackLink.unlink(ann);
    const claimed = await core.outbox.claim({ workerId: 'w1' });
    expect(claimed.map((c) => [c.entry.kind, c.slack.userId])).toEqual([['slack.unlinked', 'U0ANN']]);
    expect(await core.outbox.stats()).toMatchObject({ pending: 1, inFlight: 1, failed: 1 });
  });

  it('refuses a bad worker id, limit or lease', async () => {
    const { core } = await setup();
    for (const input of [
      { workerId: '' },
      { workerId: 'w'.repeat(101) },
      { workerId: 'w1', limit: 0 },
      { workerId: 'w1', limit: 1.5 },
      { workerId: 'w1', limit: 101 },
      { workerId: 'w1', leaseSeconds: 0 },
      { workerId: 'w1', leaseSeconds: 901 },
    ]) {
      await expect(core.outbox.claim(input)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });
});

describe('an idle sender', () => {
  it('polls without taking the store lock when nothing is due', async () => {
    const store = new MemoryStore();
    let transactions = 0;
    const counting: Store = {
      location: store.location,
      view: (work) => store.view(work),
      changeSignal: () => store.changeSignal(),
      settle: (key, value) => store.settle(key, value),
      setting: (key) => store.setting(key),
      close: () => store.close(),
      transact: (work) => {
        transactions++;
        return store.transact(work);
      },
    };
    const clock = new FakeClock();
    const core = createCore({ store: counting, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
    const ann = await linkedAccount(core, 'ann@example.com', 'U0ANN');
    const [confirmation] = await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(confirmation!.entry.id, 'w1', { channel: 'D0ANN', ts: '1.1' });
    const before = transactions;
    expect(await core.outbox.claim({ workerId: 'w1' })).toEqual([]);
    expect(transactions).toBe(before);
    await enqueue(store, clock, ann, 'r:1');
    expect(await core.outbox.claim({ workerId: 'w1' })).toHaveLength(1);
  });
});
