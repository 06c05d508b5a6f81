import type { Account, SecurityEvent } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';
import { lockedUntil } from './lockout.ts';
import { recoveryCodesLeft } from '../mfa/recovery-codes.ts';

/** What front ends may know of an account: never a hash or a secret. */
export interface AccountSummary {
  readonly id: string;
  /** The number clients name the account by (the Management API's user id). */
  readonly numericId: number;
  readonly email: string;
  readonly name: string;
  readonly createdAt: string;
  readonly passwordChangedAt: string;
  readonly mfaEnabled: boolean;
  readonly recoveryCodesLeft: number;
  /** ISO time the current lock ends, or null. */
  readonly lockedUntil: string | null;
}

/** A logged-in account, as a front end holds it after login. */
export interface Session {
  readonly accountId: string;
  readonly email: string;
  /**
   * The session's secret: every call for the account goes through `core.signedIn(token)`, which
   * checks it. Held in memory only; the store keeps a digest of it.
   */
  readonly token: string;
}

/** What the MFA step of a login returns: the session, and how many recovery codes are left. */
export type MfaLoginResult = Session & {
  /** Unused recovery codes after this login used one; null when it used an app code. */
  readonly recoveryCodesLeft: number | null;
};

export type LoginResult =
  | { readonly status: 'ok'; readonly session: Session }
  /** The password was right; complete with `completeMfaLogin(challenge, code)`. */
  | { readonly status: 'mfa_required'; readonly challenge: string };

export type SecurityActivity = DeepReadonly<SecurityEvent>;

export function toSummary(account: DeepReadonly<Account>, now: Date): AccountSummary {
  const locked = lockedUntil(account, now);
  return {
    id: account.id,
    numericId: account.numericId,
    email: account.email,
    name: account.name,
    createdAt: account.createdAt,
    passwordChangedAt: account.passwordChangedAt,
    mfaEnabled: account.mfa.enabled,
    recoveryCodesLeft: recoveryCodesLeft(account.mfa),
    lockedUntil: locked ? locked.toISOString() : null,
  };
}
