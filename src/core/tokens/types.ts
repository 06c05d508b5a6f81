import type { DeepReadonly } from '../store/store.ts';
import type { Token } from '../store/schema.ts';
import { addDays, isPast } from '../shared/time.ts';
import { TOKEN_EXPIRING_SOON_DAYS } from './constants.ts';

/** What the owner sees of a token: never its secret or hash. Times are ISO-8601 (UTC). */
export interface TokenView {
  readonly id: string;
  /** The number clients name the token by (the Management API). */
  readonly numericId: number;
  readonly description: string;
  /** The token's last four characters, to tell tokens apart. */
  readonly hint: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Accurate to TOKEN_LAST_USED_RESOLUTION_MINUTES; null when never used. */
  readonly lastUsedAt: string | null;
  readonly expired: boolean;
  /** Not expired yet, but within TOKEN_EXPIRING_SOON_DAYS of it. */
  readonly expiringSoon: boolean;
}

/** The expiry of a new token: whole days from now, or an instant. Tokens always expire. */
export type TokenExpiry = { readonly expiresInDays: number } | { readonly expiresAt: Date };

export type CreateTokenInput = { readonly description: string } & TokenExpiry;

export interface CreateTokenOptions {
  /**
   * Step-up for creating a token where the person did not just sign in (Slack). When the account
   * has MFA, `code` must be a current TOTP code (MFA_REQUIRED when missing), checked only after
   * the description and expiry pass and spent in the transaction that creates the token, so a
   * refused form never spends a code. An account without MFA is refused with MFA_REQUIRED unless
   * `allowWithoutMfa`. The account's MFA state is re-checked inside the transaction.
   */
  readonly stepUp?: { readonly code?: string | null; readonly allowWithoutMfa: boolean };
}

/** The only time the secret exists outside its owner's hands: show it once, then drop it. */
export interface CreatedToken {
  readonly token: TokenView;
  readonly secret: string;
}

/** Whom a verified token acts for. */
export interface VerifiedToken {
  readonly accountId: string;
  readonly tokenId: string;
  /** The token as its owner sees it, its last use included. */
  readonly token: TokenView;
}

export function toTokenView(token: DeepReadonly<Token>, now: Date): TokenView {
  return {
    id: token.id,
    numericId: token.numericId,
    description: token.description,
    hint: token.hint,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
    expired: isPast(token.expiresAt, now),
    expiringSoon: !isPast(token.expiresAt, now) && isPast(token.expiresAt, addDays(now, TOKEN_EXPIRING_SOON_DAYS)),
  };
}
