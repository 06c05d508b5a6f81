import { generate, generateSecret, generateURI, verify } from 'otplib';

/** Seconds one TOTP code is valid for (RFC 6238 default, what authenticator apps use). */
export const TOTP_PERIOD_SECONDS = 30;
/** Clock drift accepted either side, in seconds: one step back and one forward. */
export const TOTP_TOLERANCE_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'Keboola Connection';

const CODE_PATTERN = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

export const isTotpCodeShape = (code: string): boolean => CODE_PATTERN.test(code);

export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, accountEmail: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: accountEmail, secret });

/** The code an authenticator shows at `now`: for tests and the demo seed. */
export const totpCodeAt = (secret: string, now: Date): Promise<string> =>
  generate({ secret, epoch: Math.floor(now.getTime() / 1000) });

/**
 * Checks `code` against `secret` at `now`. A code whose time step is not after `afterTimeStep`
 * is refused, so a code can be used only once; the caller stores the returned step.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  now: Date,
  afterTimeStep: number | null,
): Promise<{ valid: true; timeStep: number } | { valid: false; replay: boolean }> {
  if (!isTotpCodeShape(code)) return { valid: false, replay: false };
  const epoch = Math.floor(now.getTime() / 1000);
  const base = { secret, token: code, epoch, epochTolerance: TOTP_TOLERANCE_SECONDS };
  // otplib throws when afterTimeStep lies beyond the newest step it would try (a clock that went
  // back, or a code from the next step used a moment ago): every step in the window is then used.
  const newestStep = Math.floor((epoch + TOTP_TOLERANCE_SECONDS) / TOTP_PERIOD_SECONDS);
  const after = afterTimeStep === null ? null : Math.min(afterTimeStep, newestStep);
  const result = await verify(after === null ? base : { ...base, afterTimeStep: after });
  if (result.valid && 'timeStep' in result && typeof result.timeStep === 'number') return { valid: true, timeStep: result.timeStep };
  if (afterTimeStep !== null) {
    // Tell a replay apart from a wrong code so the user gets the right message.
    const again = await verify(base);
    if (again.valid) return { valid: false, replay: true };
  }
  return { valid: false, replay: false };
}
