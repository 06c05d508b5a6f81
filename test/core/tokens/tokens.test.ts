import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateTokenSecret } from '../../../src/core/tokens/format.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import { fileCore, makeAccount, stored, testCore } from '../../support/core.ts';
import { countingCore } from './counting-store.ts';

const NOW = '2026-01-15T09:00:00.000Z';

describe('creating tokens', () => {
  it('returns the secret once with a view, and stores only its hash and last four characters', async () => {
    const { core, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { token, secret } = await core.tokens.create(ann, { description: '  CI deploys  ', expiresInDays: 30 });
    expect(token).toEqual({
      id: expect.stringMatching(/^tok_/),
      numericId: 1,
      description: 'CI deploys',
      hint: secret.slice(-4),
      createdAt: NOW,
      expiresAt: '2026-02-14T09:00:00.000Z',
      lastUsedAt: null,
      expired: false,
      expiringSoon: false,
      state: 'active',
      graceUntil: null,
      revokedAt: null,
      revokedReason: null,
    });
    expect(secret).toMatch(/^kbcm_[0-9A-Za-z]{36}$/);
    // Everything creating a token writes: the token, the account, its security events.
    const written = JSON.stringify([await stored(store, 'tokens', token.id), await stored(store, 'accounts', ann), await stored(store, 'securityEvents', ann)]);
    expect(written).not.toContain(secret);
    expect(written).not.toContain(secret.slice(5, 35));
    expect(written).toContain(token.hint);
    expect(await core.tokens.list(ann)).toEqual([token]);
  });

  it('leaves no trace of the secret in the data files', async () => {
    const { core, dataDir } = await fileCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { token, secret } = await core.tokens.create(ann, { description: 'CI deploys', expiresInDays: 30 });
    const files = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    const written = (await Promise.all(files.map((file) => readFile(join(file.parentPath, file.name), 'utf8')))).join('\n');
    expect(written).not.toContain(secret);
    expect(written).not.toContain(secret.slice(5, 35));
    expect(written).toContain(token.hint);
  });

  it('accepts an expiry date from 1 to 365 days ahead', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const at = new Date('2027-01-15T09:00:00.000Z');
    expect((await core.tokens.create(ann, { description: 'a', expiresAt: at })).token.expiresAt).toBe(at.toISOString());
    const soon = new Date('2026-01-16T09:00:00.000Z');
    expect((await core.tokens.create(ann, { description: 'b', expiresAt: soon })).token.expiresAt).toBe(soon.toISOString());
    expect((await core.tokens.create(ann, { description: 'c', expiresInDays: 365 })).token.expiresAt).toBe(at.toISOString());
    expect((await core.tokens.create(ann, { description: 'd'.repeat(100), expiresInDays: 1 })).token.description).toHaveLength(100);
  });

  it('rejects an empty or over-long description', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    for (const description of ['', '   ', 'x'.repeat(101)]) {
      await expect(core.tokens.create(ann, { description, expiresInDays: 30 })).rejects.toMatchObject({ code: 'TOKEN_DESCRIPTION_INVALID' });
    }
  });

  it('rejects a missing expiry, fewer than 1 or more than 365 days, and fractional days', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    for (const expiresInDays of [0, -1, 366, 1.5, Number.NaN]) {
      await expect(core.tokens.create(ann, { description: 'x', expiresInDays })).rejects.toMatchObject({ code: 'TOKEN_EXPIRY_INVALID' });
    }
    const noExpiry = { description: 'x' } as unknown as Parameters<typeof core.tokens.create>[1];
    await expect(core.tokens.create(ann, noExpiry)).rejects.toMatchObject({ code: 'TOKEN_EXPIRY_INVALID' });
  });

  it('rejects an expiry date that is not within (now, now + 365 days]', async () => {
    const { core, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    for (const expiresAt of [new Date(NOW), new Date('2026-01-16T08:59:59.999Z'), new Date('2026-01-14T00:00:00Z'), new Date('2027-01-15T09:00:00.001Z'), new Date('nonsense')]) {
      await expect(core.tokens.create(ann, { description: 'x', expiresAt })).rejects.toMatchObject({ code: 'TOKEN_EXPIRY_INVALID' });
    }
    // No token at all: the expiry index files every token.
    expect((await store.view((view) => view.page('tokens', 'expiry', { key: ALL, limit: 1 }))).items).toEqual([]);
  });

  it('refuses a token for an unknown account', async () => {
    const { core } = testCore(NOW);
    await expect(core.tokens.create('acc_nobody', { description: 'x', expiresInDays: 1 })).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('records token.created with the description and hint, never the secret', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { token, secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    const [event] = await core.accounts.securityActivity(ann, 1);
    expect(event).toMatchObject({ type: 'token.created', details: { description: 'CI', hint: token.hint } });
    expect(JSON.stringify(event)).not.toContain(secret);
  });
});

describe('listing and deleting tokens', () => {
  it("lists only the account's own tokens, newest first, flagging expired ones", async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    const first = await core.tokens.create(ann, { description: 'first', expiresInDays: 1 });
    clock.advance({ hours: 1 });
    const second = await core.tokens.create(ann, { description: 'second', expiresInDays: 30 });
    await core.tokens.create(bob, { description: 'bob', expiresInDays: 30 });
    clock.advance({ days: 1 });
    const listed = await core.tokens.list(ann);
    expect(listed.map((t) => [t.id, t.description, t.expired])).toEqual([
      [second.token.id, 'second', false],
      [first.token.id, 'first', true],
    ]);
    await expect(core.tokens.list('acc_nobody')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('deletes a token and records token.deleted', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { token } = await core.tokens.create(ann, { description: 'old', expiresInDays: 30 });
    expect(await core.tokens.delete(ann, token.id)).toMatchObject({ id: token.id, description: 'old' });
    expect(await core.tokens.list(ann)).toEqual([]);
    const [event] = await core.accounts.securityActivity(ann, 1);
    expect(event).toMatchObject({ type: 'token.deleted', details: { description: 'old', hint: token.hint } });
    await expect(core.tokens.delete(ann, token.id)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
  });

  it("answers TOKEN_NOT_FOUND for someone else's token and leaves it alone", async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    const { token, secret } = await core.tokens.create(ann, { description: 'mine', expiresInDays: 30 });
    await expect(core.tokens.delete(bob, token.id)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    await expect(core.tokens.delete(bob, 'tok_unknown')).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    expect(await core.tokens.verify(secret)).toEqual({ accountId: ann, tokenId: token.id, graceUntil: null, token: { ...token, lastUsedAt: NOW }, account: { numericId: 1, name: 'ann', email: 'ann@example.com', mfaEnabled: false } });
  });
});

describe('verifying tokens', () => {
  it('returns the owner and token id of a valid token', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { token, secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    expect(await core.tokens.verify(secret)).toEqual({ accountId: ann, tokenId: token.id, graceUntil: null, token: { ...token, lastUsedAt: NOW }, account: { numericId: 1, name: 'ann', email: 'ann@example.com', mfaEnabled: false } });
    expect(await core.tokens.verify(` ${secret}\n`)).toEqual({ accountId: ann, tokenId: token.id, graceUntil: null, token: { ...token, lastUsedAt: NOW }, account: { numericId: 1, name: 'ann', email: 'ann@example.com', mfaEnabled: false } });
  });

  it('rejects a one-character typo as TOKEN_MALFORMED without reading the store', async () => {
    const { core, store } = countingCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    const typo = secret.slice(0, 10) + (secret[10] === 'a' ? 'b' : 'a') + secret.slice(11);
    const { views, transactions } = store;
    for (const wrong of [typo, secret.slice(0, -1), `ghp_${secret.slice(5)}`, 'not a token', '']) {
      await expect(core.tokens.verify(wrong)).rejects.toMatchObject({ code: 'TOKEN_MALFORMED' });
    }
    expect(store.views).toBe(views);
    expect(store.transactions).toBe(transactions);
  });

  it('rejects a well-formed token nobody was given as TOKEN_INVALID', async () => {
    const { core } = testCore(NOW);
    await makeAccount(core, 'ann@example.com');
    await expect(core.tokens.verify(generateTokenSecret(cryptoRandom))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('rejects a deleted token as TOKEN_INVALID', async () => {
    const { core } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { token, secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    await core.tokens.delete(ann, token.id);
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('rejects a token from its expiry instant on as TOKEN_EXPIRED', async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    clock.advance({ days: 30, ms: -1 });
    await expect(core.tokens.verify(secret)).resolves.toMatchObject({ accountId: ann });
    clock.advance({ ms: 1 });
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED', details: { expiresAt: '2026-02-14T09:00:00.000Z' } });
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const { core, clock, store } = countingCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const { token, secret } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });
    const before = store.transactions;
    await core.tokens.verify(secret);
    const signal = await store.changeSignal();
    expect(store.transactions).toBe(before + 1);
    clock.advance({ seconds: 59 });
    await core.tokens.verify(secret);
    await core.tokens.verify(secret);
    expect(store.transactions).toBe(before + 1);
    expect(await store.changeSignal()).toBe(signal);
    expect((await core.tokens.list(ann))[0]!.lastUsedAt).toBe(NOW);
    clock.advance({ seconds: 1 });
    await core.tokens.verify(secret);
    expect(store.transactions).toBe(before + 2);
    expect((await core.tokens.list(ann))[0]).toMatchObject({ id: token.id, lastUsedAt: '2026-01-15T09:01:00.000Z' });
  });
});

describe('tokens expiring soon', () => {
  it('lists only the account\'s tokens inside the expiring-soon window, soonest first', async () => {
    const { core } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await core.tokens.create(ann, { description: 'later', expiresInDays: 90 });
    await core.tokens.create(ann, { description: 'in five days', expiresInDays: 5 });
    await core.tokens.create(ann, { description: 'tomorrow', expiresInDays: 1 });
    await core.tokens.create(bob, { description: 'not yours', expiresInDays: 2 });

    expect((await core.tokens.listExpiringSoon(ann)).map((token) => token.description)).toEqual(['tomorrow', 'in five days']);
    await expect(core.tokens.listExpiringSoon('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});
