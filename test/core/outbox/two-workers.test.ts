import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastTestHasher, openCore, STORE_FILE } from '../../../src/core/index.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { fileCore } from '../../support/core.ts';
import { dropLinkConfirmations, enqueue, linkedAccount } from './support.ts';

describe('two workers on one data directory', () => {
  it('never claim the same entry, and a lost claim cannot be settled', async () => {
    const { core: first, clock, dataDir } = await fileCore();
    const second = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: {} });
    const store = await FileStore.open(join(dataDir, STORE_FILE));
    const ann = await linkedAccount(first, 'ann@example.com', 'U0ANN');
    const bob = await linkedAccount(second, 'bob@example.com', 'U0BOB');
    await dropLinkConfirmations(store);
    const ids: (string | null)[] = [];
    for (let i = 0; i < 20; i++) ids.push(await enqueue(store, clock, i % 2 ? ann : bob, `r:${i}`));

    const rounds = await Promise.all([
      first.outbox.claim({ workerId: 'w1', limit: 7 }),
      second.outbox.claim({ workerId: 'w2', limit: 7 }),
      first.outbox.claim({ workerId: 'w3', limit: 7 }),
      second.outbox.claim({ workerId: 'w4', limit: 7 }),
    ]);
    const claimedIds = rounds.flat().map((item) => item.entry.id);
    expect(claimedIds).toHaveLength(20);
    expect(new Set(claimedIds)).toEqual(new Set(ids));

    // Which worker got which entries depends on who won the lock first; the oldest entry is the
    // one a new claim takes back once the leases have run out.
    const workers = [
      { core: first, id: 'w1' },
      { core: second, id: 'w2' },
      { core: first, id: 'w3' },
      { core: second, id: 'w4' },
    ];
    const stolen = ids[0]!;
    const owner = rounds.findIndex((round) => round.some((item) => item.entry.id === stolen));
    clock.advance({ seconds: 61 });
    const [retaken] = await second.outbox.claim({ workerId: 'w5', limit: 1 });
    expect(retaken?.entry.id).toBe(stolen);
    const reports = await Promise.allSettled([
      workers[owner]!.core.outbox.markDelivered(stolen, workers[owner]!.id, { channel: 'D0', ts: '1' }),
      second.outbox.markDelivered(stolen, 'w5', { channel: 'D0', ts: '2' }),
    ]);
    expect(reports[0]).toMatchObject({ status: 'rejected', reason: { code: 'OUTBOX_CLAIM_LOST' } });
    expect(reports[1]).toMatchObject({ status: 'fulfilled' });
    expect(await first.outbox.messageFor(`r:${ids.indexOf(stolen)}`)).toEqual({ channel: 'D0', ts: '2' });
  });

  it('consume a link code once when both try it', async () => {
    const { core: first, clock, dataDir } = await fileCore();
    const second = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: {} });
    const accountId = (await first.accounts.create({ email: 'ann@example.com', password: 'correct horse battery staple' })).id;
    const { code } = await first.slackLink.createLinkCode(accountId);
    const results = await Promise.allSettled([
      first.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0ONE' }),
      second.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0TWO' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'SLACK_LINK_CODE_INVALID' } });
  });
});
