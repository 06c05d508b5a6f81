import { describe, expect, it } from 'vitest';
import { ConfigError, createCore, createSecretBox, fastTestHasher, MAX_FAILED_LOGINS, totpCodeAt, type Core } from '../../../src/core/index.ts';
import { PASSWORD, makeAccount, testCore } from '../../support/core.ts';
import { enableMfa } from './mfa-helpers.ts';

const EMAIL = 'ann@example.com';

/** Ann with MFA on the test store, and a second core on the same store holding another key (a replaced secret.key). */
async function setup() {
  const t = testCore();
  const id = await makeAccount(t.core, EMAIL);
  const mfa = await enableMfa(t.core, t.clock, id);
  const wrongKey = createCore({ store: t.store, clock: t.clock, hasher: fastTestHasher(), secrets: createSecretBox(Buffer.alloc(32, 9)) });
  return { ...t, id, ...mfa, wrongKey };
}

async function challengeFor(core: Core): Promise<string> {
  const result = await core.accounts.login({ email: EMAIL, password: PASSWORD });
  if (result.status !== 'mfa_required') throw new Error(`expected an MFA challenge, got ${result.status}`);
  return result.challenge;
}

describe('a secret key that does not open the stored secrets', () => {
  it('answers every recovery code and TOTP code with a ConfigError, never a wrong code, and never locks the account', async () => {
    const { core, clock, id, secret, recoveryCodes, wrongKey } = await setup();
    for (let i = 0; i < MAX_FAILED_LOGINS + 2; i++) {
      const code = i % 2 === 0 ? recoveryCodes[i]! : await totpCodeAt(secret, clock.now());
      await expect(wrongKey.accounts.completeMfaLogin({ challenge: await challengeFor(wrongKey), code })).rejects.toBeInstanceOf(ConfigError);
    }
    await expect(wrongKey.mfa.disable(id, recoveryCodes[0]!)).rejects.toBeInstanceOf(ConfigError);

    const activity = await core.accounts.securityActivity(id);
    expect(activity.map((event) => event.type)).not.toContain('mfa.code_failed');
    expect(activity.map((event) => event.type)).not.toContain('login.locked');
    // With the right key the owner signs in with the very recovery code tried under the wrong one.
    await expect(core.accounts.completeMfaLogin({ challenge: await challengeFor(core), code: recoveryCodes[0]! })).resolves.toMatchObject({ accountId: id });
  });
});
