import type { Account } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { ErrorCode } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { isTotpCodeShape, verifyTotp } from './totp.ts';
import { normalizeRecoveryCode } from './recovery-codes.ts';

/** Why a second-factor code was refused. */
export type SecondFactorFailure = Extract<ErrorCode, 'MFA_CODE_MALFORMED' | 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED'>;

/**
 * A second-factor code checked outside the transaction (TOTP needs async crypto), to be applied
 * inside it with `applySecondFactor`, which re-checks replay against the newest data.
 */
export type CheckedCode =
  | { readonly kind: 'totp'; readonly timeStep: number }
  | { readonly kind: 'recovery'; readonly verifier: string }
  | { readonly kind: 'rejected'; readonly code: SecondFactorFailure };

export interface CheckOptions {
  /** Accept a recovery code instead of a TOTP code. */
  readonly allowRecovery: boolean;
  /** Check against the pending enrolment secret rather than the active one. */
  readonly pending?: boolean;
}

export async function checkSecondFactor(
  secrets: SecretBox,
  account: DeepReadonly<Account>,
  input: string,
  now: Date,
  options: CheckOptions,
): Promise<CheckedCode> {
  const code = input.replace(/\s/g, '');
  if (isTotpCodeShape(code)) {
    const sealed = options.pending ? account.mfa.pending?.secret : account.mfa.secret;
    if (!sealed) return { kind: 'rejected', code: 'MFA_CODE_INVALID' };
    const lastStep = options.pending ? null : account.mfa.lastUsedStep;
    const result = await verifyTotp(secrets.open(sealed), code, now, lastStep);
    if (result.valid) return { kind: 'totp', timeStep: result.timeStep };
    return { kind: 'rejected', code: result.replay ? 'MFA_CODE_REUSED' : 'MFA_CODE_INVALID' };
  }
  const recovery = options.allowRecovery ? normalizeRecoveryCode(code) : null;
  if (recovery) {
    // A recovery code's verifier is keyed: under another key no code would match, and each one
    // would count toward the lockout. Opening the factor's secret proves the key first (ConfigError).
    if (account.mfa.secret) secrets.open(account.mfa.secret);
    return { kind: 'recovery', verifier: secrets.mac(recovery) };
  }
  return { kind: 'rejected', code: 'MFA_CODE_MALFORMED' };
}

/**
 * Consumes a checked code on the draft account: stores the TOTP step, or marks the recovery code
 * used. Returns the error code when the code turned out to be used meanwhile or unknown.
 */
export function applySecondFactor(
  account: Account,
  checked: CheckedCode,
  now: Date,
): { ok: true; usedRecoveryCode: boolean } | { ok: false; code: SecondFactorFailure } {
  switch (checked.kind) {
    case 'rejected':
      return { ok: false, code: checked.code };
    case 'totp':
      if (account.mfa.lastUsedStep !== null && checked.timeStep <= account.mfa.lastUsedStep) {
        return { ok: false, code: 'MFA_CODE_REUSED' };
      }
      account.mfa.lastUsedStep = checked.timeStep;
      return { ok: true, usedRecoveryCode: false };
    case 'recovery': {
      const match = account.mfa.recoveryCodes.find((entry) => entry.hash === checked.verifier);
      if (!match) return { ok: false, code: 'MFA_CODE_INVALID' };
      if (match.usedAt !== null) return { ok: false, code: 'MFA_CODE_REUSED' };
      match.usedAt = iso(now);
      return { ok: true, usedRecoveryCode: true };
    }
  }
}

/** The malformed-code message for a step that accepts only authenticator codes. */
export const TOTP_ONLY_MALFORMED_MESSAGE = 'Enter the 6-digit code from your authenticator app.';

export const SECOND_FACTOR_MESSAGES = {
  MFA_CODE_MALFORMED: 'Enter the 6-digit code from your authenticator app or a recovery code (like abcde-fghjk).',
  MFA_CODE_INVALID: 'That code is not valid.',
  MFA_CODE_REUSED: 'That code has already been used. Wait for your authenticator to show a new one, or use another recovery code.',
} as const;
