import { describe, expect, it } from 'vitest';
import { stored, testCore } from '../../support/core.ts';
import { dropLinkConfirmations, enqueue, linkedAccount } from './support.ts';

async function delivered(refreshInMinutes: number | null) {
  const t = testCore();
  const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
  await dropLinkConfirmations(t.store);
  const id = (await enqueue(t.store, t.clock, ann, 'r:1'))!;
  await t.core.outbox.claim({ workerId: 'w1', leaseSeconds: 60 });
  const refreshAt = refreshInMinutes === null ? null : new Date(t.clock.now().getTime() + refreshInMinutes * 60_000).toISOString();
  await t.core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.1' }, { refreshAt });
  return { ...t, ann, id };
}

describe('refreshing a delivered message when what it shows expires', () => {
  it('queues the ref’s last entry again once refreshAt has come, once', async () => {
    const { core, clock, store, id } = await delivered(10);
    expect(await stored(store, 'slackMessages', 'r:1')).toMatchObject({ refreshAt: expect.any(String) });
    expect(await core.outbox.queueRefreshes()).toBe(0);
    clock.advance({ minutes: 10 });
    expect(await core.outbox.queueRefreshes()).toBe(1);
    expect(await core.outbox.queueRefreshes()).toBe(0);
    expect(await stored(store, 'slackMessages', 'r:1')).not.toHaveProperty('refreshAt');
    const [again] = await core.outbox.claim({ workerId: 'w2' });
    const original = await stored(store, 'outbox', id);
    expect(again).toMatchObject({ entry: { ref: 'r:1', kind: original!.kind, payload: original!.payload }, message: { channel: 'D0ANN', ts: '1.1' } });
    expect(again!.entry.id).not.toBe(id);
  });

  it('does nothing for a message without a refresh time', async () => {
    const { core, clock } = await delivered(null);
    clock.advance({ days: 60 });
    expect(await core.outbox.queueRefreshes()).toBe(0);
  });

  it('refuses a refresh time that is not a time', async () => {
    const t = testCore();
    const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
    await dropLinkConfirmations(t.store);
    const id = (await enqueue(t.store, t.clock, ann, 'r:1'))!;
    await t.core.outbox.claim({ workerId: 'w1' });
    await expect(t.core.outbox.markDelivered(id, 'w1', { channel: 'D0ANN', ts: '1.1' }, { refreshAt: 'soon' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
