import { describe, expect, it } from 'vitest';
import { generate, verify } from 'otplib';
import { totpCodeAt } from '../../../src/core/index.ts';
import { isTotpCodeShape, newTotpSecret, totpUri, verifyTotp, TOTP_PERIOD_SECONDS } from '../../../src/core/mfa/totp.ts';

/** RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string "12345678901234567890". */
const RFC_SEED = new TextEncoder().encode('12345678901234567890');
/** The same seed in base32, as the project stores secrets. */
const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: readonly [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP primitive (otplib as the project uses it)', () => {
  it.each(RFC_VECTORS)('matches RFC 6238 Appendix B at T=%i: %s', async (seconds, code) => {
    expect(await generate({ secret: RFC_SEED, epoch: seconds, digits: 8 })).toBe(code);
    const result = await verify({ secret: RFC_SEED, token: code, epoch: seconds, digits: 8 });
    expect(result).toMatchObject({ valid: true, timeStep: Math.floor(seconds / 30) });
  });

  it.each(RFC_VECTORS)('gives the 6-digit code (the last six digits) from the base32 secret at T=%i', async (seconds, code) => {
    expect(await totpCodeAt(RFC_SEED_BASE32, at(seconds))).toBe(code.slice(-6));
    expect(await verifyTotp(RFC_SEED_BASE32, code.slice(-6), at(seconds), null)).toEqual({ valid: true, timeStep: Math.floor(seconds / 30) });
  });

  it('accepts one step of clock drift either way, not two', async () => {
    const now = at(1_800_000_000);
    const step = Math.floor(1_800_000_000 / 30);
    for (const offset of [-1, 0, 1]) {
      const code = await totpCodeAt(RFC_SEED_BASE32, at(1_800_000_000 + offset * TOTP_PERIOD_SECONDS));
      expect(await verifyTotp(RFC_SEED_BASE32, code, now, null)).toEqual({ valid: true, timeStep: step + offset });
    }
    for (const offset of [-2, 2]) {
      const code = await totpCodeAt(RFC_SEED_BASE32, at(1_800_000_000 + offset * TOTP_PERIOD_SECONDS));
      expect(await verifyTotp(RFC_SEED_BASE32, code, now, null)).toMatchObject({ valid: false });
    }
  });

  it('refuses a code whose step is not after the last used one, and says it is a replay', async () => {
    const now = at(1_800_000_000);
    const step = Math.floor(1_800_000_000 / 30);
    const code = await totpCodeAt(RFC_SEED_BASE32, now);
    expect(await verifyTotp(RFC_SEED_BASE32, code, now, step)).toEqual({ valid: false, replay: true });
    expect(await verifyTotp(RFC_SEED_BASE32, code, now, step - 1)).toEqual({ valid: true, timeStep: step });
    expect(await verifyTotp(RFC_SEED_BASE32, '000000', now, step)).toMatchObject({ valid: false });
  });

  it('does not throw when the last used step lies ahead of the window (a clock that went back)', async () => {
    const now = at(1_800_000_000);
    const step = Math.floor(1_800_000_000 / 30);
    const code = await totpCodeAt(RFC_SEED_BASE32, now);
    expect(await verifyTotp(RFC_SEED_BASE32, code, now, step + 5)).toEqual({ valid: false, replay: true });
  });

  it('refuses malformed codes without calling otplib (which would throw)', async () => {
    for (const code of ['12345', '1234567', '12a456', '', ' 123456']) {
      expect(isTotpCodeShape(code)).toBe(false);
      expect(await verifyTotp(RFC_SEED_BASE32, code, at(59), null)).toEqual({ valid: false, replay: false });
    }
  });

  it('makes 160-bit base32 secrets and an otpauth URI with issuer and label', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'ann@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Keboola Connection:ann@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Keboola Connection');
  });
});
