import type { Account } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { AccountError, type ErrorCode } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { isTotpCodeShape, verifyTotp } from './totp.ts';
import { normalizeRecoveryCode } from './recovery-codes.ts';

/** Why a second-factor code was refused. */
export type SecondFactorFailure = Extract<ErrorCode, 'MFA_CODE_MALFORMED' | 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED'>;

/** Which kind of code was refused: a code from the authenticator app or a recovery code. */
export type SecondFactorKind = 'app' | 'recovery';

/** A refused code: why, and (unless it was malformed) what kind of code it was. */
export interface RefusedCode {
  readonly code: SecondFactorFailure;
  readonly factor: SecondFactorKind | null;
}

/**
 * A second-factor code checked outside the transaction (TOTP needs async crypto), to be applied
 * inside it with `applySecondFactor`, which re-checks replay against the newest data.
 */
export type CheckedCode =
  | { readonly kind: 'totp'; readonly timeStep: number }
  | { readonly kind: 'recovery'; readonly verifier: string }
  | ({ readonly kind: 'rejected' } & RefusedCode);

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
    if (!sealed) return { kind: 'rejected', code: 'MFA_CODE_INVALID', factor: 'app' };
    const lastStep = options.pending ? null : account.mfa.lastUsedStep;
    const result = await verifyTotp(secrets.open(sealed), code, now, lastStep);
    if (result.valid) return { kind: 'totp', timeStep: result.timeStep };
    return { kind: 'rejected', code: result.replay ? 'MFA_CODE_REUSED' : 'MFA_CODE_INVALID', factor: 'app' };
  }
  const recovery = options.allowRecovery ? normalizeRecoveryCode(code) : null;
  if (recovery) {
    // A recovery code's verifier is keyed: under another key no code would match, and each one
    // would count toward the lockout. Opening the factor's secret proves the key first (ConfigError).
    if (account.mfa.secret) secrets.open(account.mfa.secret);
    return { kind: 'recovery', verifier: secrets.mac(recovery) };
  }
  return { kind: 'rejected', code: 'MFA_CODE_MALFORMED', factor: null };
}

/**
 * Consumes a checked code on the draft account: stores the TOTP step, or marks the recovery code
 * used. Returns the error code when the code turned out to be used meanwhile or unknown.
 */
export function applySecondFactor(
  account: Account,
  checked: CheckedCode,
  now: Date,
): { ok: true; usedRecoveryCode: boolean } | ({ ok: false } & RefusedCode) {
  switch (checked.kind) {
    case 'rejected':
      return { ok: false, code: checked.code, factor: checked.factor };
    case 'totp':
      if (account.mfa.lastUsedStep !== null && checked.timeStep <= account.mfa.lastUsedStep) {
        return { ok: false, code: 'MFA_CODE_REUSED', factor: 'app' };
      }
      account.mfa.lastUsedStep = checked.timeStep;
      return { ok: true, usedRecoveryCode: false };
    case 'recovery': {
      const match = account.mfa.recoveryCodes.find((entry) => entry.hash === checked.verifier);
      if (!match) return { ok: false, code: 'MFA_CODE_INVALID', factor: 'recovery' };
      if (match.usedAt !== null) return { ok: false, code: 'MFA_CODE_REUSED', factor: 'recovery' };
      match.usedAt = iso(now);
      return { ok: true, usedRecoveryCode: true };
    }
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** What the account holder is told about a refused code, and what a front end needs to say it its own way. */
export interface RefusalContext {
  /** Whether this step takes a recovery code instead of an app code. */
  readonly recoveryAccepted: boolean;
  /** The account's unused recovery codes, told when a used one was entered again. */
  readonly recoveryCodesLeft: number;
}

/**
 * The error for a refused code, its message matching the rule of the step: a malformed code is
 * told what the step accepts; a recovery code entered again is told so, with how many are left
 * (an app code entered again is told to wait for the next one). Details: `recoveryAccepted`,
 * `factor` ('app' | 'recovery' | null) and, for a reused recovery code, `recoveryCodesLeft`.
 */
export function secondFactorError(refused: RefusedCode, context: RefusalContext): AccountError {
  const details = { recoveryAccepted: context.recoveryAccepted, factor: refused.factor };
  switch (refused.code) {
    case 'MFA_CODE_MALFORMED':
      return new AccountError(
        'MFA_CODE_MALFORMED',
        context.recoveryAccepted
          ? 'Enter the 6-digit code from your authenticator app or a recovery code (like abcde-fghjk).'
          : 'Enter the 6-digit code from your authenticator app.',
        details,
      );
    case 'MFA_CODE_INVALID':
      return new AccountError('MFA_CODE_INVALID', refused.factor === 'recovery' ? 'That recovery code is not valid.' : 'That code is not valid.', details);
    case 'MFA_CODE_REUSED': {
      if (refused.factor !== 'recovery') {
        return new AccountError('MFA_CODE_REUSED', 'That code has already been used. Wait for your authenticator app to show the next one.', details);
      }
      const left = context.recoveryCodesLeft;
      return new AccountError(
        'MFA_CODE_REUSED',
        left === 0
          ? 'That recovery code was already used, and you have none left. Use a code from your authenticator app.'
          : `That recovery code was already used. You have ${plural(left, 'unused recovery code')} left.`,
        { ...details, recoveryCodesLeft: left },
      );
    }
  }
}
