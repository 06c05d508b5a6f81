import type { DeepReadonly } from '../store/store.ts';
import type { Token } from '../store/schema.ts';
import { addDays, isPast } from '../shared/time.ts';
import { TOKEN_EXPIRING_SOON_DAYS } from './constants.ts';
import { revokedAt, revokedReason, tokenState, type TokenRevokedReason, type TokenState } from './lifecycle.ts';

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
  /** Active (not rotated, not revoked), not expired yet, but within TOKEN_EXPIRING_SOON_DAYS of it. */
  readonly expiringSoon: boolean;
  /** See TokenState: active, rotated (still working until `graceUntil`), revoked or expired. */
  readonly state: TokenState;
  /** For a rotated token: when its grace window ends (or ended). Null when never rotated. */
  readonly graceUntil: string | null;
  /** For a revoked token: since when it no longer works. */
  readonly revokedAt: string | null;
  /** For a revoked token: rotated (grace over), leaked (reported or found posted), reuse (its family was revoked). */
  readonly revokedReason: TokenRevokedReason | null;
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
  /** Set when the token was rotated and works only until then (the end of its grace window). */
  readonly graceUntil: string | null;
  /** The owner, as the Management API names them. */
  readonly account: { readonly numericId: number; readonly name: string; readonly email: string; readonly mfaEnabled: boolean };
}

/** Who asked for a rotation, recorded in the security activity. */
export type RotationSource = 'api' | 'dashboard' | 'slack';

export interface RotateOptions {
  /**
   * How long the old token keeps working, in whole seconds: 0 (revoked at once) to
   * TOKEN_ROTATION_GRACE_MAX_SECONDS. @default TOKEN_ROTATION_GRACE_DEFAULT_SECONDS (1 hour)
   */
  readonly graceSeconds?: number;
  readonly source: RotationSource;
}

export interface RotateOwnedOptions extends RotateOptions {
  /** As CreateTokenOptions.stepUp: a rotation makes a new secret, so it takes the same proof as creating one. */
  readonly stepUp?: CreateTokenOptions['stepUp'];
}

/** A rotation's answer: the new token (its secret shown once, as for a new token) and the old one as it now is. */
export interface RotatedToken extends CreatedToken {
  readonly previous: TokenView;
}

/** Who reported leaked tokens, recorded in the security activity and told to the owner. */
export type LeakSource = 'public_revocation' | 'slack_leak_detection';

export interface RevokeLeakedOptions {
  readonly source: LeakSource;
  /**
   * Where the leak was seen, in words for the owner (e.g. a Slack channel and who posted): never
   * a secret, never the text it was found in. At most 200 characters are kept.
   */
  readonly where?: string;
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
    expiringSoon: tokenState(token, now) === 'active' && isPast(token.expiresAt, addDays(now, TOKEN_EXPIRING_SOON_DAYS)),
    state: tokenState(token, now),
    graceUntil: token.rotation?.graceUntil ?? null,
    revokedAt: revokedAt(token, now),
    revokedReason: revokedReason(token, now),
  };
}
