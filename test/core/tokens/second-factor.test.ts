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

describe('creating a token with a step-up (Slack)', () => {
  it('creates the token with a current code and refuses the same code again', async () => {
    const { core, clock, ann, secret } = await mfaAccount();
    const code = await totpCodeAt(secret, clock.now());
    const { token } = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { stepUp: { code: code, allowWithoutMfa: false } });
    expect((await core.tokens.list(ann)).map((t) => t.id)).toEqual([token.id]);
    await expect(core.tokens.create(ann, { description: 'again', expiresInDays: 30 }, { stepUp: { code: code, allowWithoutMfa: false } })).rejects.toMatchObject({
      code: 'MFA_CODE_REUSED',
    });
    expect(await core.tokens.list(ann)).toHaveLength(1);
  });

  it('does not spend the code when the description or the expiry is refused', async () => {
    const { core, clock, ann, secret } = await mfaAccount();
    const code = await totpCodeAt(secret, clock.now());
    await expect(core.tokens.create(ann, { description: ' ', expiresInDays: 30 }, { stepUp: { code: code, allowWithoutMfa: false } })).rejects.toMatchObject({
      code: 'TOKEN_DESCRIPTION_INVALID',
    });
    await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 0 }, { stepUp: { code: code, allowWithoutMfa: false } })).rejects.toMatchObject({
      code: 'TOKEN_EXPIRY_INVALID',
    });
    await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { stepUp: { code: code, allowWithoutMfa: false } });
    expect(await core.tokens.list(ann)).toHaveLength(1);
  });

  it('refuses a wrong or malformed code, creates nothing, and counts it toward the lockout', async () => {
    const { core, clock, ann, secret } = await mfaAccount();
    await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { stepUp: { code: 'abc', allowWithoutMfa: false } })).rejects.toMatchObject({
      code: 'MFA_CODE_MALFORMED',
    });
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 4; i++) {
      await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { stepUp: { code: wrong, allowWithoutMfa: false } })).rejects.toMatchObject({
        code: 'MFA_CODE_INVALID',
      });
    }
    await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { stepUp: { code: wrong, allowWithoutMfa: false } })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    expect(await core.tokens.list(ann)).toEqual([]);
  });

  it('asks for the code when the account has MFA and none was given', async () => {
    const { core, ann } = await mfaAccount();
    for (const code of [undefined, null, '  ']) {
      await expect(core.tokens.create(ann, { description: 'CI', expiresInDays: 30 }, { stepUp: { code, allowWithoutMfa: true } })).rejects.toMatchObject({
        code: 'MFA_REQUIRED',
        details: { reason: 'code_missing' },
      });
    }
    expect(await core.tokens.list(ann)).toEqual([]);
  });

  it('refuses an account without MFA unless the caller allows it', async () => {
    const { core } = testCore(NOW);
    const bob = await makeAccount(core, 'bob@example.com');
    await expect(core.tokens.create(bob, { description: 'CI', expiresInDays: 30 }, { stepUp: { code: '123456', allowWithoutMfa: false } })).rejects.toMatchObject({
      code: 'MFA_REQUIRED',
      details: { reason: 'not_enabled' },
    });
    expect(await core.tokens.list(bob)).toEqual([]);
    await core.tokens.create(bob, { description: 'CI', expiresInDays: 30 }, { stepUp: { allowWithoutMfa: true } });
    expect(await core.tokens.list(bob)).toHaveLength(1);
  });

  it('marks tokens that expire within a week as expiring soon', async () => {
    const { core, clock } = testCore(NOW);
    const bob = await makeAccount(core, 'bob@example.com');
    await core.tokens.create(bob, { description: 'short', expiresInDays: 7 });
    await core.tokens.create(bob, { description: 'long', expiresInDays: 30 });
    const soon = async () => Object.fromEntries((await core.tokens.list(bob)).map((t) => [t.description, [t.expiringSoon, t.expired]]));
    expect(await soon()).toEqual({ short: [true, false], long: [false, false] });
    clock.advance({ days: 7 });
    expect(await soon()).toEqual({ short: [false, true], long: [false, false] });
  });
});
