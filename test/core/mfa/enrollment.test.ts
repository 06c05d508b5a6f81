import { describe, expect, it } from 'vitest';
import { createSecretBox, totpCodeAt } from '../../../src/core/index.ts';
import { sha256 } from '../../../src/core/crypto/digest.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { PASSWORD, TEST_SECRET_KEY, makeAccount, stored, testCore } from '../../support/core.ts';
import { enableMfa, wrongCode } from './mfa-helpers.ts';

const EMAIL = 'ann@example.com';

/** Everything stored about the account: its entry and its security events, as JSON. */
const storedJson = async (store: Store, id: string) =>
  JSON.stringify([await stored(store, 'accounts', id), await stored(store, 'securityEvents', id)]);

async function setup() {
  const t = testCore();
  const id = await makeAccount(t.core, EMAIL);
  return { ...t, id };
}

describe('MFA enrolment', () => {
  it('returns the secret, an otpauth URI with issuer and label, and a QR code as terminal lines', async () => {
    const { core, id } = await setup();
    const enrollment = await core.mfa.startEnrollment(id);
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrollment.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toBe('/Keboola Connection:ann@example.com');
    expect(uri.searchParams.get('secret')).toBe(enrollment.secret);
    expect(uri.searchParams.get('issuer')).toBe('Keboola Connection');
    expect(enrollment.qr.length).toBeGreaterThan(15);
    expect(enrollment.qr.length).toBeLessThanOrEqual(30);
    expect(new Set(enrollment.qr.map((line) => [...line].length)).size).toBe(1);
    expect(enrollment.qr.join('')).toMatch(/^[█▀▄ ]+$/);
  });

  it('draws the QR code with the quiet zone of 4 modules the QR specification asks for', async () => {
    const { core, id } = await setup();
    const { qr } = await core.mfa.startEnrollment(id);
    // Two modules a line: 2 blank lines above and below, 4 blank cells left and right.
    for (const line of [...qr.slice(0, 2), ...qr.slice(-2)]) expect(line.trim()).toBe('');
    expect(qr[2]!.trim()).not.toBe('');
    for (const line of qr) expect(line.slice(0, 4) + line.slice(-4)).toBe(' '.repeat(8));
    expect(qr.some((line) => line[4] !== ' ')).toBe(true);
  });

  it('activates nothing until a correct code is entered', async () => {
    const { core, id } = await setup();
    await core.mfa.startEnrollment(id);
    expect(await core.mfa.status(id)).toEqual({ enabled: false, enrolling: true, enabledAt: null, recoveryCodesLeft: 0 });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });

  it('refuses a wrong code with MFA_CODE_INVALID and a malformed one with MFA_CODE_MALFORMED', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await core.mfa.startEnrollment(id);
    await expect(core.mfa.activate(id, await wrongCode(secret, clock.now()))).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    for (const code of ['12345', 'abcdef', '1234567', '']) {
      await expect(core.mfa.activate(id, code)).rejects.toMatchObject({ code: 'MFA_CODE_MALFORMED' });
    }
    expect(await core.mfa.status(id)).toMatchObject({ enabled: false, enrolling: true });
  });

  it('does not lock the account for typos while setting up', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await core.mfa.startEnrollment(id);
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 6; i++) await expect(core.mfa.activate(id, wrong)).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    await expect(core.mfa.activate(id, await totpCodeAt(secret, clock.now()))).resolves.toHaveLength(10);
  });

  it('activates with a correct code (spaces allowed) and returns 10 distinct recovery codes', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await core.mfa.startEnrollment(id);
    const code = await totpCodeAt(secret, clock.now());
    const recoveryCodes = await core.mfa.activate(id, `${code.slice(0, 3)} ${code.slice(3)}`);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const recovery of recoveryCodes) expect(recovery).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await core.mfa.status(id)).toEqual({ enabled: true, enrolling: false, enabledAt: clock.now().toISOString(), recoveryCodesLeft: 10 });
    expect((await core.accounts.securityActivity(id))[0]).toMatchObject({ type: 'mfa.enabled', details: {} });
  });

  it('stores recovery codes only as keyed hashes (HMAC, not a bare sha256)', async () => {
    const { core, clock, id, store } = await setup();
    const { recoveryCodes } = await enableMfa(core, clock, id);
    const codes = (await stored(store, 'accounts', id))!.mfa.recoveryCodes;
    const json = await storedJson(store, id);
    const box = createSecretBox(TEST_SECRET_KEY);
    for (const [i, code] of recoveryCodes.entries()) {
      expect(json).not.toContain(code);
      expect(json).not.toContain(code.replace('-', ''));
      expect(codes[i]!.hash).toBe(box.mac(code.replace('-', '')));
      expect(codes[i]!.hash).not.toBe(sha256(code.replace('-', '')));
    }
  });

  it('keeps the TOTP secret encrypted at rest: not the base32 secret, and it opens with the key', async () => {
    const { core, clock, id, store } = await setup();
    const { secret } = await enableMfa(core, clock, id);
    const sealed = (await stored(store, 'accounts', id))!.mfa.secret!;
    expect(sealed).not.toContain(secret);
    expect(await storedJson(store, id)).not.toContain(secret);
    expect(createSecretBox(TEST_SECRET_KEY).open(sealed)).toBe(secret);
    expect(() => createSecretBox(Buffer.alloc(32, 9)).open(sealed)).toThrow(/does not open with this key/);
  });

  it('keeps the pending secret encrypted too', async () => {
    const { core, id, store } = await setup();
    const { secret } = await core.mfa.startEnrollment(id);
    const pending = (await stored(store, 'accounts', id))!.mfa.pending!;
    expect(pending.secret).not.toContain(secret);
    expect(createSecretBox(TEST_SECRET_KEY).open(pending.secret)).toBe(secret);
  });

  it('restarting the enrolment replaces the secret: a code from the old one no longer activates', async () => {
    const { core, clock, id } = await setup();
    const first = await core.mfa.startEnrollment(id);
    const second = await core.mfa.startEnrollment(id);
    expect(second.secret).not.toBe(first.secret);
    const oldCode = await totpCodeAt(first.secret, clock.now());
    if (oldCode !== (await totpCodeAt(second.secret, clock.now()))) {
      await expect(core.mfa.activate(id, oldCode)).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    }
    await expect(core.mfa.activate(id, await totpCodeAt(second.secret, clock.now()))).resolves.toHaveLength(10);
  });

  it('can cancel an enrolment', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await core.mfa.startEnrollment(id);
    await core.mfa.cancelEnrollment(id);
    expect(await core.mfa.status(id)).toMatchObject({ enrolling: false });
    await expect(core.mfa.activate(id, await totpCodeAt(secret, clock.now()))).rejects.toMatchObject({ code: 'MFA_NOT_ENROLLING' });
  });

  it('refuses to activate without an enrolment, and to enrol or activate again once enabled', async () => {
    const { core, clock, id } = await setup();
    await expect(core.mfa.activate(id, '123456')).rejects.toMatchObject({ code: 'MFA_NOT_ENROLLING' });
    await enableMfa(core, clock, id);
    await expect(core.mfa.startEnrollment(id)).rejects.toMatchObject({ code: 'MFA_ALREADY_ENABLED' });
    await expect(core.mfa.activate(id, '123456')).rejects.toMatchObject({ code: 'MFA_ALREADY_ENABLED' });
  });

  it('reports an unknown account as ACCOUNT_NOT_FOUND', async () => {
    const { core } = testCore();
    await expect(core.mfa.startEnrollment('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.mfa.status('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});

describe('disabling MFA', () => {
  it('needs a current code: a wrong one is refused, a right one turns MFA off and is recorded', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await enableMfa(core, clock, id);
    await expect(core.mfa.disable(id, await wrongCode(secret, clock.now()))).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    await expect(core.mfa.disable(id, 'nope')).rejects.toMatchObject({ code: 'MFA_CODE_MALFORMED' });
    expect(await core.mfa.status(id)).toMatchObject({ enabled: true });

    await core.mfa.disable(id, await totpCodeAt(secret, clock.now()));
    expect(await core.mfa.status(id)).toEqual({ enabled: false, enrolling: false, enabledAt: null, recoveryCodesLeft: 0 });
    await expect(core.accounts.login({ email: EMAIL, password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    expect((await core.accounts.securityActivity(id)).map((e) => e.type)).toContain('mfa.disabled');
  });

  it('accepts a recovery code instead', async () => {
    const { core, clock, id } = await setup();
    const { recoveryCodes } = await enableMfa(core, clock, id);
    await core.mfa.disable(id, recoveryCodes[3]!);
    expect(await core.mfa.status(id)).toMatchObject({ enabled: false });
  });

  it('refuses the code that was just used (replay)', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await enableMfa(core, clock, id);
    const code = await totpCodeAt(secret, clock.now());
    await core.mfa.verifyCode(id, code);
    await expect(core.mfa.disable(id, code)).rejects.toMatchObject({ code: 'MFA_CODE_REUSED' });
  });

  it('says MFA_NOT_ENABLED when there is nothing to disable', async () => {
    const { core, id } = await setup();
    await expect(core.mfa.disable(id, '123456')).rejects.toMatchObject({ code: 'MFA_NOT_ENABLED' });
  });

  it('counts wrong codes toward the lockout', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await enableMfa(core, clock, id);
    const wrong = await wrongCode(secret, clock.now());
    for (let i = 0; i < 4; i++) await expect(core.mfa.disable(id, wrong)).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
    await expect(core.mfa.disable(id, wrong)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(core.mfa.disable(id, await totpCodeAt(secret, clock.now()))).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });
});

describe('recovery codes and code checks for other actions', () => {
  it('regenerates recovery codes with a current code: the old ones stop working, the new ones work', async () => {
    const { core, clock, id } = await setup();
    const { secret, recoveryCodes } = await enableMfa(core, clock, id);
    const fresh = await core.mfa.regenerateRecoveryCodes(id, await totpCodeAt(secret, clock.now()));
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => recoveryCodes.includes(code))).toBe(false);
    expect((await core.accounts.securityActivity(id))[0]).toMatchObject({ type: 'mfa.recovery_codes_regenerated' });

    const started = await core.accounts.login({ email: EMAIL, password: PASSWORD });
    if (started.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    await expect(core.accounts.completeMfaLogin({ challenge: started.challenge, code: recoveryCodes[0]! })).rejects.toMatchObject({
      code: 'MFA_CODE_INVALID',
    });
    await expect(core.accounts.completeMfaLogin({ challenge: started.challenge, code: fresh[0]! })).resolves.toMatchObject({ accountId: id });
  });

  it('regenerating takes an unused recovery code too, as disabling does: the new codes replace all the old ones', async () => {
    const { core, clock, id } = await setup();
    const { recoveryCodes } = await enableMfa(core, clock, id);
    const fresh = await core.mfa.regenerateRecoveryCodes(id, recoveryCodes[0]!);
    expect(fresh).toHaveLength(10);
    expect((await core.accounts.securityActivity(id)).slice(0, 2).map((e) => e.type)).toEqual(['mfa.recovery_codes_regenerated', 'mfa.recovery_code_used']);
    await expect(core.mfa.status(id)).resolves.toMatchObject({ recoveryCodesLeft: 10 });
    await expect(core.mfa.regenerateRecoveryCodes(id, recoveryCodes[1]!)).rejects.toMatchObject({ code: 'MFA_CODE_INVALID' });
  });

  it('verifyCode consumes a code: the same code again is MFA_CODE_REUSED', async () => {
    const { core, clock, id } = await setup();
    const { secret } = await enableMfa(core, clock, id);
    const code = await totpCodeAt(secret, clock.now());
    await core.mfa.verifyCode(id, code);
    await expect(core.mfa.verifyCode(id, code)).rejects.toMatchObject({ code: 'MFA_CODE_REUSED' });
  });

  it('verifyCode without MFA says MFA_NOT_ENABLED', async () => {
    const { core, id } = await setup();
    await expect(core.mfa.verifyCode(id, '123456')).rejects.toMatchObject({ code: 'MFA_NOT_ENABLED' });
  });
});
