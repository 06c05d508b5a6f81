import type { SecretBox } from '../crypto/secret-box.ts';
import { AccountError } from '../errors.ts';
import { addMs, MS_PER_MINUTE } from '../shared/time.ts';
import { MFA_CHALLENGE_MINUTES } from './constants.ts';

/**
 * What a correct password proves until the second factor follows: sealed (AES-256-GCM) and handed
 * to the front end, so no process needs to remember it and nobody can forge or alter it.
 */
export interface MfaChallenge {
  /** The account id. */
  readonly a: string;
  /** Expiry, in ms since the epoch. */
  readonly exp: number;
  /** The account's `passwordChangedAt` when the password was checked: a change voids the challenge. */
  readonly pw: string;
}

/** Keeps a sealed challenge from being mistaken for any other sealed value. */
const PURPOSE = 'mfa-challenge';

export function sealChallenge(secrets: SecretBox, account: { readonly id: string; readonly passwordChangedAt: string }, now: Date): string {
  const challenge: MfaChallenge = {
    a: account.id,
    exp: addMs(now, MFA_CHALLENGE_MINUTES * MS_PER_MINUTE).getTime(),
    pw: account.passwordChangedAt,
  };
  return secrets.seal(JSON.stringify({ purpose: PURPOSE, ...challenge }));
}

/** Opens a challenge that is genuine and not expired at `now`; MFA_CHALLENGE_INVALID otherwise. */
export function openChallenge(secrets: SecretBox, sealed: string, now: Date): MfaChallenge {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secrets.open(sealed));
  } catch {
    throw challengeInvalid();
  }
  if (!isChallenge(parsed) || parsed.exp <= now.getTime()) throw challengeInvalid();
  return { a: parsed.a, exp: parsed.exp, pw: parsed.pw };
}

function isChallenge(value: unknown): value is MfaChallenge & { purpose: string } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record['purpose'] === PURPOSE && typeof record['a'] === 'string' && typeof record['exp'] === 'number' && typeof record['pw'] === 'string';
}

export const challengeInvalid = () =>
  new AccountError(
    'MFA_CHALLENGE_INVALID',
    'This sign-in has expired or is no longer valid (it lasts ' + MFA_CHALLENGE_MINUTES + ' minutes). Enter your password again.',
    { minutes: MFA_CHALLENGE_MINUTES },
  );
