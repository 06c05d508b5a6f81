import { describe, expect, it } from 'vitest';
import { RECOVERY_CODE_COUNT, totpCodeAt, type Core } from '../../../src/core/index.ts';
import { PASSWORD, makeAccount, testCore } from '../../support/core.ts';
import { enableMfa } from './mfa-helpers.ts';

const EMAIL = 'ann@example.com';

async function setup() {
  const t = testCore();
  const id = await makeAccount(t.core, EMAIL);
  return { ...t, id, ...(await enableMfa(t.core, t.clock, id)) };
}

async function signInWith(core: Core, code: string) {
  const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
  if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
  return core.accounts.completeMfaLogin({ challenge: started.challenge, code });
}

describe('what a refused MFA code is told', () => {
  it('a malformed code is told what the step takes: an app code or a recovery code, where both work', async () => {
    const { core, id } = await setup();
    for (const attempt of [() => core.mfa.regenerateRecoveryCodes(id, 'nope'), () => core.mfa.disable(id, 'nope'), () => signInWith(core, 'nope')]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MFA_CODE_MALFORMED', details: { recoveryAccepted: true } });
      expect((error as Error).message).toMatch(/authenticator app or a recovery code/);
    }
  });

  it('a recovery code where only an app code works is told only about the app code', async () => {
    const { core, id, recoveryCodes } = await setup();
    const error = await core.mfa.verifyCode(id, recoveryCodes[0]!).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'MFA_CODE_MALFORMED',
      message: 'Enter the 6-digit code from your authenticator app.',
      details: { recoveryAccepted: false },
    });
  });

  it('a recovery code used before is told so, with how many are left, not to wait for the app', async () => {
    const { core, id, recoveryCodes } = await setup();
    await signInWith(core, recoveryCodes[0]!);
    for (const attempt of [() => signInWith(core, recoveryCodes[0]!), () => core.mfa.disable(id, recoveryCodes[0]!), () => core.mfa.regenerateRecoveryCodes(id, recoveryCodes[0]!)]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MFA_CODE_REUSED', details: { factor: 'recovery', recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 } });
      expect((error as Error).message).toBe(`That recovery code was already used. You have ${RECOVERY_CODE_COUNT - 1} unused recovery codes left.`);
    }
    // Refused codes changed nothing: MFA is still on with the same codes.
    await expect(core.mfa.status(id)).resolves.toMatchObject({ enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
  });

  it('says when no recovery code is left', async () => {
    const { core, recoveryCodes, clock } = await setup();
    for (const code of recoveryCodes) await signInWith(core, code);
    clock.advance({ minutes: 1 });
    const error = await signInWith(core, recoveryCodes[0]!).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MFA_CODE_REUSED', details: { recoveryCodesLeft: 0 } });
    expect((error as Error).message).toMatch(/already used, and you have none left/);
  });

  it('an app code used before is told to wait for the next one', async () => {
    const { core, clock, secret } = await setup();
    const code = await totpCodeAt(secret, clock.now());
    await signInWith(core, code);
    const error = await signInWith(core, code).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MFA_CODE_REUSED', details: { factor: 'app' } });
    expect((error as Error).message).toMatch(/Wait for your authenticator app to show the next one/);
  });

  it('a recovery code that is not one of the account’s is "not valid" as a recovery code', async () => {
    const { core } = await setup();
    await expect(signInWith(core, 'aaaaa-aaaaa')).rejects.toMatchObject({
      code: 'MFA_CODE_INVALID',
      message: 'That recovery code is not valid.',
      details: { factor: 'recovery' },
    });
  });
});

describe('signing in with a recovery code', () => {
  it('says how many recovery codes are left; an app code says nothing about them', async () => {
    const { core, clock, secret, recoveryCodes, id } = await setup();
    await expect(signInWith(core, await totpCodeAt(secret, clock.now()))).resolves.toEqual({ accountId: id, email: EMAIL, token: expect.stringMatching(/^kbs_/), recoveryCodesLeft: null });
    await expect(signInWith(core, recoveryCodes[0]!)).resolves.toEqual({ accountId: id, email: EMAIL, token: expect.stringMatching(/^kbs_/), recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
    for (const code of recoveryCodes.slice(1, 7)) await signInWith(core, code);
    await expect(signInWith(core, recoveryCodes[7]!)).resolves.toMatchObject({ recoveryCodesLeft: 2 });
  });
});
