import { describe, expect, it } from 'vitest';
import { TOKEN_ROTATION_HISTORY } from '../../../src/core/index.ts';
import { PASSWORD, makeAccount, storeContents, stored, testCore } from '../../support/core.ts';
import { bellTitles, eventsOf, linkSlack, pendingDms } from './lifecycle-support.ts';
import { countingCore } from './counting-store.ts';

const NOW = '2026-01-15T09:00:00.000Z';

async function setUp(days = 30) {
  const t = testCore(NOW);
  const ann = await makeAccount(t.core, 'ann@example.com');
  const created = await t.core.tokens.create(ann, { description: 'CI deploys', expiresInDays: days });
  return { ...t, ann, ...created };
}

describe('rotating a token with the token itself', () => {
  it('answers a new token with the same description and lifetime from now; the old one works through its grace window', async () => {
    const { core, clock, store, ann, token, secret } = await setUp(30);
    clock.advance({ days: 10 });
    const rotated = await core.tokens.rotate(secret, { source: 'api' });
    expect(rotated.secret).toMatch(/^kbcm_[0-9A-Za-z]{36}$/);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.token).toMatchObject({
      description: 'CI deploys',
      hint: rotated.secret.slice(-4),
      createdAt: '2026-01-25T09:00:00.000Z',
      // 30 days, as the old token had, counted from the rotation.
      expiresAt: '2026-02-24T09:00:00.000Z',
      state: 'active',
    });
    expect(rotated.previous).toMatchObject({ id: token.id, state: 'rotated', graceUntil: '2026-01-25T10:00:00.000Z', revokedAt: null });

    // Both work during the grace window.
    await expect(core.tokens.verify(secret)).resolves.toEqual({ accountId: ann, tokenId: token.id, graceUntil: '2026-01-25T10:00:00.000Z', token: expect.objectContaining({ id: token.id, state: 'rotated' }), account: expect.objectContaining({ email: 'ann@example.com' }) });
    await expect(core.tokens.verify(rotated.secret)).resolves.toEqual({ accountId: ann, tokenId: rotated.token.id, graceUntil: null, token: expect.objectContaining({ id: rotated.token.id, numericId: 2, state: 'active' }), account: expect.objectContaining({ email: 'ann@example.com' }) });
    clock.advance({ minutes: 59, seconds: 59 });
    await expect(core.tokens.verify(secret)).resolves.toMatchObject({ tokenId: token.id });

    // The list shows the new token and the old one as rotated, until its grace is over.
    expect((await core.tokens.list(ann)).map((t) => [t.id, t.state])).toEqual([
      [rotated.token.id, 'active'],
      [token.id, 'rotated'],
    ]);
    clock.advance({ seconds: 1 });
    expect((await core.tokens.list(ann)).map((t) => [t.id, t.state])).toEqual([[rotated.token.id, 'active']]);
    await expect(core.tokens.verify(rotated.secret)).resolves.toMatchObject({ tokenId: rotated.token.id });

    const [event] = await eventsOf(core, ann, 'token.rotated');
    expect(event).toEqual({
      description: 'CI deploys',
      hint: token.hint,
      newHint: rotated.token.hint,
      graceUntil: '2026-01-25T10:00:00.000Z',
      expiresAt: '2026-02-24T09:00:00.000Z',
      source: 'api',
    });
    const contents = await storeContents(store);
    expect(contents).not.toContain(secret);
    expect(contents).not.toContain(rotated.secret);
  });

  it('takes a shorter grace window, and 0 revokes the old token at once', async () => {
    const { core, clock, token, secret } = await setUp();
    const short = await core.tokens.rotate(secret, { graceSeconds: 60, source: 'api' });
    expect(short.previous.graceUntil).toBe('2026-01-15T09:01:00.000Z');
    clock.advance({ seconds: 59 });
    await expect(core.tokens.verify(secret)).resolves.toMatchObject({ tokenId: token.id });

    const now = await core.tokens.rotate(short.secret, { graceSeconds: 0, source: 'api' });
    expect(now.previous).toMatchObject({ state: 'revoked', revokedReason: 'rotated', revokedAt: '2026-01-15T09:00:59.000Z' });
    await expect(core.tokens.verify(now.secret)).resolves.toMatchObject({ tokenId: now.token.id });
  });

  it('refuses a grace window that is not 0–3600 whole seconds, changing nothing', async () => {
    const { core, store, secret } = await setUp();
    const before = await storeContents(store);
    for (const graceSeconds of [-1, 3601, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60' as unknown as number]) {
      await expect(core.tokens.rotate(secret, { graceSeconds, source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_GRACE_INVALID', details: { max: 3600 } });
    }
    expect(await storeContents(store)).toBe(before);
  });

  it('refuses malformed, unknown, expired and deleted tokens, changing nothing', async () => {
    const { core, clock, store, ann, token, secret } = await setUp(1);
    const before = await storeContents(store);
    // One character changed: the checksum no longer matches.
    await expect(core.tokens.rotate(`${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`, { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    await expect(core.tokens.rotate('constructor', { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    await expect(core.tokens.rotate('x'.repeat(1_000_000), { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    const { core: elsewhere } = testCore(NOW);
    const stranger = (await elsewhere.tokens.create(await makeAccount(elsewhere, 'eve@example.com'), { description: 'x', expiresInDays: 1 })).secret;
    await expect(core.tokens.rotate(stranger, { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await storeContents(store)).toBe(before);
    clock.advance({ days: 1 });
    await expect(core.tokens.rotate(secret, { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    await core.tokens.delete(ann, token.id);
    await expect(core.tokens.rotate(secret, { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('gives one successor to a token rotated twice at once; the other call is refused', async () => {
    const { core, ann, token, secret } = await setUp();
    const results = await Promise.allSettled([
      core.tokens.rotate(secret, { source: 'api' }),
      core.tokens.rotate(secret, { source: 'api' }),
      core.tokens.rotateOwned(ann, token.id, { source: 'dashboard' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'TOKEN_ALREADY_ROTATED' });
    expect((await core.tokens.list(ann)).map((t) => t.state).sort()).toEqual(['active', 'rotated']);
  });

  it('rotates two tokens of one account at once, each in its own family', async () => {
    const { core, ann, secret } = await setUp();
    const other = await core.tokens.create(ann, { description: 'other', expiresInDays: 30 });
    const [a, b] = await Promise.all([core.tokens.rotate(secret, { graceSeconds: 0, source: 'api' }), core.tokens.rotate(other.secret, { graceSeconds: 0, source: 'api' })]);
    expect((await core.tokens.list(ann)).map((t) => t.id).sort()).toEqual([a.token.id, b.token.id].sort());
    // Reuse of one family's old token leaves the other family alone.
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(core.tokens.verify(b.secret)).resolves.toMatchObject({ tokenId: b.token.id });
    await expect(core.tokens.verify(a.secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'reuse' } });
  });

  it('rotates a token once: the old one is refused with TOKEN_ALREADY_ROTATED during its grace', async () => {
    const { core, ann, secret } = await setUp();
    const rotated = await core.tokens.rotate(secret, { source: 'api' });
    await expect(core.tokens.rotate(secret, { source: 'api' })).rejects.toMatchObject({
      code: 'TOKEN_ALREADY_ROTATED',
      details: { graceUntil: rotated.previous.graceUntil },
    });
    expect((await core.tokens.list(ann)).filter((t) => t.state === 'active')).toHaveLength(1);
  });

  it('stops reminding about a rotated token; its replacement is reminded on its own schedule', async () => {
    const { core, clock, ann, secret } = await setUp(8);
    const rotated = await core.tokens.rotate(secret, { graceSeconds: 3600, source: 'api' });
    clock.advance({ days: 1, minutes: 1 });
    // The old token would be due its 7-day reminder now; the new one (8 days from the rotation) is due it too.
    expect(await core.tokens.sendExpiryReminders()).toBe(1);
    expect(await bellTitles(core, ann)).toEqual(['Access token "CI deploys" expires in 7 days']);
    expect(await eventsOf(core, ann, 'token.expiring')).toEqual([expect.objectContaining({ hint: rotated.token.hint })]);
  });

  it('keeps at most the last rotated tokens of a family as history, none past its expiry', async () => {
    const { core, clock, store, secret } = await setUp(30);
    let current = secret;
    const ids: string[] = [];
    for (let i = 0; i < TOKEN_ROTATION_HISTORY + 3; i++) {
      const rotated = await core.tokens.rotate(current, { graceSeconds: 0, source: 'api' });
      ids.push(rotated.previous.id);
      current = rotated.secret;
      clock.advance({ minutes: 1 });
    }
    await core.tokens.rotate(current, { graceSeconds: 0, source: 'api' });
    const kept = await Promise.all(ids.map(async (id) => (await stored(store, 'tokens', id)) !== null));
    expect(kept.filter(Boolean)).toHaveLength(TOKEN_ROTATION_HISTORY);
    expect(kept.slice(-TOKEN_ROTATION_HISTORY).every(Boolean)).toBe(true);
  });
});

describe('reuse detection', () => {
  it('revokes the whole family when a rotated token is used after its grace, and tells the owner once', async () => {
    const { core, clock, store, ann, token, secret } = await setUp();
    await linkSlack(store, ann, NOW);
    const other = await core.tokens.create(ann, { description: 'other', expiresInDays: 30 });
    // A second apart: tokens created in one millisecond list in an order each store decides.
    clock.advance({ seconds: 1 });
    const second = await core.tokens.rotate(secret, { graceSeconds: 60, source: 'api' });
    clock.advance({ seconds: 1 });
    const third = await core.tokens.rotate(second.secret, { graceSeconds: 3600, source: 'api' });
    clock.advance({ minutes: 2 });
    // The first token's grace is over; the second is still within its own.
    await expect(core.tokens.verify(second.secret)).resolves.toMatchObject({ tokenId: second.token.id });

    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'rotated' } });
    for (const live of [second.secret, third.secret]) {
      await expect(core.tokens.verify(live)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'reuse', revokedAt: '2026-01-15T09:02:02.000Z' } });
    }
    // Another family is not touched.
    await expect(core.tokens.verify(other.secret)).resolves.toMatchObject({ tokenId: other.token.id });
    expect((await core.tokens.list(ann)).map((t) => [t.hint, t.state, t.revokedReason])).toEqual([
      [third.token.hint, 'revoked', 'reuse'],
      [second.token.hint, 'revoked', 'reuse'],
      [other.token.hint, 'active', null],
    ]);

    const revoked = await eventsOf(core, ann, 'token.revoked');
    expect(revoked).toEqual(
      expect.arrayContaining([
        { description: 'CI deploys', hint: second.token.hint, reason: 'reuse', source: 'reuse_detection', reusedHint: token.hint },
        { description: 'CI deploys', hint: third.token.hint, reason: 'reuse', source: 'reuse_detection', reusedHint: token.hint },
      ]),
    );
    expect(revoked).toHaveLength(2);
    expect(await bellTitles(core, ann)).toEqual(['Access token "CI deploys" was revoked: an old copy was used again']);
    expect((await pendingDms(store, ann)).map((dm) => dm.kind)).toEqual(['notification.published']);

    // Presented again: nothing more is revoked, recorded or sent.
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(core.tokens.rotate(secret, { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(await eventsOf(core, ann, 'token.revoked')).toHaveLength(2);
    expect(await bellTitles(core, ann)).toHaveLength(1);
  });

  it('starts no transaction for an old token replayed after its family was revoked', async () => {
    const { core, clock, store } = countingCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    await core.tokens.rotate(secret, { graceSeconds: 0, source: 'api' });
    clock.advance({ minutes: 1 });
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    const transactions = store.transactions;
    for (let i = 0; i < 5; i++) await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(store.transactions).toBe(transactions);
  });

  it('treats rotating with a rotated token past its grace as reuse too', async () => {
    const { core, ann, secret } = await setUp();
    const rotated = await core.tokens.rotate(secret, { graceSeconds: 0, source: 'api' });
    await expect(core.tokens.rotate(secret, { source: 'api' })).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'rotated' } });
    await expect(core.tokens.verify(rotated.secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'reuse' } });
    expect(await bellTitles(core, ann)).toHaveLength(1);
  });

  it('is not reuse while the grace window lasts', async () => {
    const { core, clock, ann, secret } = await setUp();
    const rotated = await core.tokens.rotate(secret, { graceSeconds: 600, source: 'api' });
    clock.advance({ minutes: 9 });
    await core.tokens.verify(secret);
    await expect(core.tokens.verify(rotated.secret)).resolves.toMatchObject({ accountId: ann });
    expect(await eventsOf(core, ann, 'token.revoked')).toEqual([]);
  });
});

describe('rotating a token for its signed-in owner', () => {
  it('rotates by id, and refuses tokens that are not the account’s, revoked, expired or rotated already', async () => {
    const { core, clock, ann, token, secret } = await setUp(2);
    const bob = await makeAccount(core, 'bob@example.com');
    await expect(core.tokens.rotateOwned(bob, token.id, { source: 'dashboard' })).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    await expect(core.tokens.rotateOwned(ann, 'constructor', { source: 'dashboard' })).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    const rotated = await core.tokens.rotateOwned(ann, token.id, { graceSeconds: 0, source: 'dashboard' });
    expect(rotated.token).toMatchObject({ description: 'CI deploys', expiresAt: '2026-01-17T09:00:00.000Z' });
    await expect(core.tokens.verify(rotated.secret)).resolves.toMatchObject({ tokenId: rotated.token.id });
    // The old token is history now, hidden from its owner.
    await expect(core.tokens.rotateOwned(ann, token.id, { source: 'dashboard' })).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    await expect(core.tokens.delete(ann, token.id)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    const again = await core.tokens.rotateOwned(ann, rotated.token.id, { source: 'dashboard' });
    await expect(core.tokens.rotateOwned(ann, rotated.token.id, { source: 'dashboard' })).rejects.toMatchObject({ code: 'TOKEN_ALREADY_ROTATED' });
    expect((await eventsOf(core, ann, 'token.rotated')).map((event) => event['source'])).toEqual(['dashboard', 'dashboard']);
    clock.advance({ days: 2 });
    await expect(core.tokens.rotateOwned(ann, again.token.id, { source: 'dashboard' })).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    void secret;
  });

  it('goes through sudo mode in the account scope', async () => {
    const { core, clock, ann, token } = await setUp();
    void ann;
    const login = await core.accounts.login({ email: 'ann@example.com', password: PASSWORD });
    if (login.status !== 'ok') throw new Error('expected a session');
    clock.advance({ minutes: 16 });
    const scope = core.signedIn(login.session.token);
    await expect(scope.tokens.rotate(token.id, { source: 'dashboard' })).rejects.toMatchObject({ code: 'SUDO_REQUIRED' });
    await scope.session.reauthenticate({ password: PASSWORD });
    await expect(scope.tokens.rotate(token.id, { graceSeconds: 3600, source: 'dashboard' })).resolves.toMatchObject({ previous: { state: 'rotated' } });
  });

  it('deletes the hidden history of a family with its last live token', async () => {
    const { core, store, ann, token, secret } = await setUp();
    const rotated = await core.tokens.rotate(secret, { graceSeconds: 0, source: 'api' });
    expect(await stored(store, 'tokens', token.id)).not.toBeNull();
    await core.tokens.delete(ann, rotated.token.id);
    expect(await stored(store, 'tokens', token.id)).toBeNull();
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });
});
