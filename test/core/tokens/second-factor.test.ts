import { describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../../src/core/index.ts';
import { makeAccount, testCore } from '../../support/core.ts';
import { enableMfa, wrongCode } from '../mfa/mfa-helpers.ts';

const NOW = '2026-01-15T09:00:00.000Z';

async function mfaAccount() {
  const t = testCore(NOW);
  const ann = await makeAccount(t.core, 'ann@example.com');
  const { secret } = await enableMfa(t.core, t.clock, ann);
  return { ...t, ann, secret };
}

describe('creating a token with a second factor', () => {
  it('creates the token with a current code and refuses the same code again', async () => {
    const { core, clock, ann, secret } = await mfaAccount();
    const code = await totpCodeAt(secret, clock.now());
    const { token } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { secondFactor: code });
    expect((await core.tokens.list(ann)).map((t) => t.id)).toEqual([token.id]);
    await expect(core.tokens.create(ann, { description: 'again', expiresInDays: 30 }, { secondFactor: code })).rejects.toMatchObject({
      code: 'MFA_CODE_REUSED',
    });
    expect(await core.tokens.list(ann)).toHaveLength(1);
  });

  it('does not spend the code when the description or the expiry is refused', async () => {
    const { core, clock, ann, secret } = await mfaAccount();
    const code = await totpCodeAt(secret, clock.now());
    await expect(core.tokens.create(ann, { description: ' ', expiresInDays: 30 }, { secondFactor: code })).rejects.toMatchObject({
      code: 'TOKEN_DESCRIPTION_INVALID',
    });
    await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 0 }, { secondFactor: code })).rejects.toMatchObject({
      code: 'TOKEN_EXPIRY_INVALID',
    });
    await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { secondFactor: code });
    expect(await core.tokens.list(ann)).toHaveLength(1);
  });

  it('refuses a wrong or malformed code, creates nothing, and counts it toward the lockout', async () => {
    const { core, clock, ann, secret } = await mfaAccount();
    await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { secondFactor: 'abc' })).rejects.toMatchObject({
      code: 'MFA_CODE_MALFORMED',
    });
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 4; i++) {
      await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { secondFactor: wrong })).rejects.toMatchObject({
        code: 'MFA_CODE_INVALID',
      });
    }
    await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { secondFactor: wrong })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    expect(await core.tokens.list(ann)).toEqual([]);
  });

  it('refuses a second factor for an account without MFA', async () => {
    const { core } = testCore(NOW);
    const bob = await makeAccount(core, 'bob@example.com');
    await expect(core.tokens.create(bob, { description: 'CI', expiresInDays: 30 }, { secondFactor: '123456' })).rejects.toMatchObject({
      code: 'MFA_NOT_ENABLED',
    });
    expect(await core.tokens.list(bob)).toEqual([]);
  });
});
