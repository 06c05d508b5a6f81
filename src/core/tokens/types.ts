import type { DeepReadonly } from '../store/store.ts';
import type { Token } from '../store/schema.ts';
import { isPast } from '../shared/time.ts';

/** What the owner sees of a token: never its secret or hash. Times are ISO-8601 (UTC). */
export interface TokenView {
  readonly id: string;
  readonly description: string;
  /** The token's last four characters, to tell tokens apart. */
  readonly hint: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Accurate to TOKEN_LAST_USED_RESOLUTION_MINUTES; null when never used. */
  readonly lastUsedAt: string | null;
  readonly expired: boolean;
}

/** The expiry of a new token: whole days from now, or an instant. Tokens always expire. */
export type TokenExpiry = { readonly expiresInDays: number } | { readonly expiresAt: Date };

export type CreateTokenInput = { readonly description: string } & TokenExpiry;

export interface CreateTokenOptions {
  /**
   * A current TOTP code, when the caller demands proof of the second factor (Slack does). It is
   * checked only after the description and expiry pass, and consumed in the same transaction that
   * creates the token, so a refused token never spends a code. MFA_NOT_ENABLED without MFA.
   */
  readonly secondFactor?: string;
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
}

export function toTokenView(token: DeepReadonly<Token>, now: Date): TokenView {
  return {
    id: token.id,
    description: token.description,
    hint: token.hint,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
    expired: isPast(token.expiresAt, now),
  };
}
