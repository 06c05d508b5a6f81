import { describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../../../src/core/tokens/format.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import { makeAccount, storeContents, testCore } from '../../support/core.ts';
import { bellTitles, eventsOf, linkSlack, pendingDms } from './lifecycle-support.ts';

const NOW = '2026-01-15T09:00:00.000Z';

async function setUp() {
  const t = testCore(NOW);
  const ann = await makeAccount(t.core, 'ann@example.com');
  const created = await t.core.tokens.create(ann, { description: 'CI deploys', expiresInDays: 30 });
  return { ...t, ann, ...created };
}

describe('revoking leaked tokens (public revocation)', () => {
  it('revokes a live token a stranger reports, tells the owner in the bell and by Slack, and records the source', async () => {
    const { core, store, ann, token, secret } = await setUp();
    await linkSlack(store, ann, NOW);
    const kept = await core.tokens.create(ann, { description: 'kept', expiresInDays: 30 });

    await expect(core.tokens.revokeLeaked([secret], { source: 'public_revocation' })).resolves.toBeUndefined();

    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'leaked', revokedAt: NOW } });
    await expect(core.tokens.verify(kept.secret)).resolves.toMatchObject({ tokenId: kept.token.id });
    expect((await core.tokens.list(ann)).find((t) => t.id === token.id)).toMatchObject({ state: 'revoked', revokedReason: 'leaked', revokedAt: NOW });
    expect(await eventsOf(core, ann, 'token.revoked')).toEqual([{ description: 'CI deploys', hint: token.hint, reason: 'leaked', source: 'public_revocation' }]);
    expect(await bellTitles(core, ann)).toEqual([`Access token "CI deploys" (ending in ${token.hint}) was revoked: it leaked`]);
    expect(await pendingDms(store, ann)).toEqual([{ kind: 'notification.published', payload: expect.objectContaining({ title: expect.stringContaining(token.hint) }) }]);
    expect(await storeContents(store)).not.toContain(secret);

    // Reported again: nothing more happens.
    await core.tokens.revokeLeaked([secret, secret], { source: 'public_revocation' });
    expect(await eventsOf(core, ann, 'token.revoked')).toHaveLength(1);
    expect(await bellTitles(core, ann)).toHaveLength(1);
  });

  it('changes nothing for malformed, wrong-checksum, unknown, expired or non-string entries', async () => {
    const { core, clock, store, secret } = await setUp();
    const ann2 = await makeAccount(core, 'bob@example.com');
    const expiring = await core.tokens.create(ann2, { description: 'short', expiresInDays: 1 });
    clock.advance({ days: 1 });
    const before = await storeContents(store);
    const wrongChecksum = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const changedRandom = `kbcm_${'A'.repeat(30)}${secret.slice(-6)}`;
    await core.tokens.revokeLeaked(
      [
        wrongChecksum,
        changedRandom,
        secret.toUpperCase(),
        `${secret}x`,
        'constructor',
        '__proto__',
        '',
        'kbcm_',
        'x'.repeat(100_000),
        generateTokenSecret(cryptoRandom),
        expiring.secret,
        `\u202e${secret.slice(1)}`,
        42 as unknown as string,
        null as unknown as string,
        { toString: () => secret } as unknown as string,
      ],
      { source: 'public_revocation' },
    );
    expect(await storeContents(store)).toBe(before);
    await expect(core.tokens.verify(secret)).resolves.toBeDefined();
  });

  it('accepts at most 1000 strings per call, and refuses more without revoking any', async () => {
    const { core, store, secret } = await setUp();
    const many = Array.from({ length: 999 }, () => 'nope');
    await core.tokens.revokeLeaked([...many, 'nope'], { source: 'public_revocation' });
    const before = await storeContents(store);
    await expect(core.tokens.revokeLeaked([secret, ...many, 'nope'], { source: 'public_revocation' })).rejects.toMatchObject({
      code: 'TOO_MANY_CREDENTIALS',
      details: { max: 1000, count: 1001 },
    });
    expect(await storeContents(store)).toBe(before);
    await expect(core.tokens.revokeLeaked('kbcm_x' as unknown as string[], { source: 'public_revocation' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('revokes tokens of several owners in one call, each told only about their own', async () => {
    const { core, ann, token, secret } = await setUp();
    const bob = await makeAccount(core, 'bob@example.com');
    const bobs = await core.tokens.create(bob, { description: 'bob CI', expiresInDays: 30 });
    await core.tokens.revokeLeaked([bobs.secret, ` ${secret}\n`], { source: 'public_revocation' });
    expect(await bellTitles(core, ann)).toEqual([`Access token "CI deploys" (ending in ${token.hint}) was revoked: it leaked`]);
    expect(await bellTitles(core, bob)).toEqual([`Access token "bob CI" (ending in ${bobs.token.hint}) was revoked: it leaked`]);
  });

  it('revokes a rotated token still within its grace, leaving its replacement alone', async () => {
    const { core, ann, secret } = await setUp();
    const rotated = await core.tokens.rotate(secret, { source: 'api' });
    await core.tokens.revokeLeaked([secret], { source: 'slack_leak_detection', where: 'Slack channel C1,\u0007 posted by U1' });
    await expect(core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'leaked' } });
    await expect(core.tokens.verify(rotated.secret)).resolves.toMatchObject({ accountId: ann });
    expect(await eventsOf(core, ann, 'token.revoked')).toEqual([
      { description: 'CI deploys', hint: secret.slice(-4), reason: 'leaked', source: 'slack_leak_detection', where: 'Slack channel C1, posted by U1' },
    ]);
  });

  it('does not tell a leaked rotated token past its grace apart from an unknown one: it is history, and reuse is for use', async () => {
    const { core, store, ann, secret } = await setUp();
    const rotated = await core.tokens.rotate(secret, { graceSeconds: 0, source: 'api' });
    const before = await storeContents(store);
    await core.tokens.revokeLeaked([secret], { source: 'public_revocation' });
    expect(await storeContents(store)).toBe(before);
    await expect(core.tokens.verify(rotated.secret)).resolves.toMatchObject({ accountId: ann });
  });
});
