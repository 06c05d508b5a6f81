import { totpCodeAt, type Core, type FakeClock } from '../../../src/core/index.ts';
import { TOTP_PERIOD_SECONDS } from '../../../src/core/mfa/totp.ts';

/**
 * Enrols and activates MFA for `accountId`, then moves the clock one TOTP step on, so the code
 * used for activation is not the current one any more (it could not be used again anyway).
 */
export async function enableMfa(core: Core, clock: FakeClock, accountId: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = await core.mfa.startEnrollment(accountId);
  const recoveryCodes = await core.mfa.activate(accountId, await totpCodeAt(secret, clock.now()));
  clock.advance({ seconds: TOTP_PERIOD_SECONDS });
  return { secret, recoveryCodes };
}

/** A well-formed 6-digit code that is valid for none of the steps accepted at `now`. */
export async function wrongCode(secret: string, now: Date): Promise<string> {
  const accepted = new Set(
    await Promise.all([-1, 0, 1].map((step) => totpCodeAt(secret, new Date(now.getTime() + step * TOTP_PERIOD_SECONDS * 1000)))),
  );
  for (let n = 0; ; n++) {
    const candidate = String(n * 7919).padStart(6, '0').slice(-6);
    if (!accepted.has(candidate)) return candidate;
  }
}
