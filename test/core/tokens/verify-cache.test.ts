import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, FakeClock } from '../../../src/core/index.ts';
import { makeAccount, newSharedStore, TEST_SECRET_KEY, testCore } from '../../support/core.ts';
import { openSharedCore } from '../../support/shared-store.ts';
import { countingCore } from './counting-store.ts';

const NOW = '2026-01-15T09:00:00.000Z';

/** verify remembers its answer while nothing changed: a repeated call reads nothing, and any change or time bound ends it. */
describe('verifying a token again', () => {
  it('reads nothing from the store while nothing changed', async () => {
    const { core, store } = countingCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    // The first use writes lastUsed, which changes the store: the next call reads it again once.
    await core.tokens.verify(secret);
    const first = await core.tokens.verify(secret);
    const before = { views: store.views, transactions: store.transactions };
    expect(await core.tokens.verify(secret)).toEqual(first);
    expect({ views: store.views, transactions: store.transactions }).toEqual(before);
  });

  it('sees a deletion, a revocation and a change of the owner made through another core on the same store at once', async () => {
    const clock = new FakeClock(NOW);
    const { store } = testCore(NOW);
    const open = () => createCore({ store, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
    const [api, dashboard] = [open(), open()];
    const ann = await makeAccount(dashboard, 'ann@example.com');
    const a = await dashboard.tokens.create(ann, { description: 'A', expiresInDays: 30 });
    const b = await dashboard.tokens.create(ann, { description: 'B', expiresInDays: 30 });
    await api.tokens.verify(a.secret);
    await api.tokens.verify(b.secret);
    await dashboard.tokens.delete(ann, a.token.id);
    await expect(api.tokens.verify(a.secret)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await dashboard.tokens.revokeLeaked([b.secret], { source: 'public_revocation' });
    await expect(api.tokens.verify(b.secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('answers by time as if nothing were remembered: expiry, the end of a grace, the next last-use write', async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const short = await core.tokens.create(ann, { description: 'short', expiresInDays: 1 });
    const kept = await core.tokens.create(ann, { description: 'kept', expiresInDays: 30 });
    await core.tokens.verify(short.secret);
    const rotated = await core.tokens.rotate(kept.secret, { source: 'api', graceSeconds: 60 });
    expect((await core.tokens.verify(kept.secret)).graceUntil).toBe('2026-01-15T09:01:00.000Z');
    expect((await core.tokens.verify(rotated.secret)).token.lastUsedAt).toBe(NOW);
    clock.advance({ minutes: 1, seconds: 1 });
    // Past the grace: reuse, the family revoked.
    await expect(core.tokens.verify(kept.secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(core.tokens.verify(rotated.secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    clock.advance({ days: 1 });
    await expect(core.tokens.verify(short.secret)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('records the last use again after the resolution, even for a token verified in between', async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    expect((await core.tokens.verify(secret)).token.lastUsedAt).toBe(NOW);
    clock.advance({ seconds: 30 });
    expect((await core.tokens.verify(secret)).token.lastUsedAt).toBe(NOW);
    clock.advance({ seconds: 31 });
    expect((await core.tokens.verify(secret)).token.lastUsedAt).toBe('2026-01-15T09:01:01.000Z');
  });

  it('sees a deletion made by another process on the shared store (PostgreSQL: once its notification arrived)', async () => {
    const shared = await newSharedStore();
    const clock = new FakeClock(NOW);
    const options = { clock, hasher: fastTestHasher(), env: { KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY.toString('hex') } };
    const api = await openSharedCore(shared, options);
    const dashboard = await openSharedCore(shared, options);
    try {
      const ann = await makeAccount(dashboard, 'ann@example.com');
      const { token, secret } = await dashboard.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
      await api.tokens.verify(secret);
      await dashboard.tokens.delete(ann, token.id);
      await expect
        .poll(async () => api.tokens.verify(secret).then(() => 'valid', (error: { code?: string }) => error.code), { timeout: 2_000, interval: 20 })
        .toBe('TOKEN_INVALID');
    } finally {
      await api.close();
      await dashboard.close();
    }
  });
});
