import type { Token } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';
import { isPast } from '../shared/time.ts';

/**
 * Where a token is in its life, as the owner sees it:
 * - `active`: works, and is the newest of its family;
 * - `rotated`: replaced by a new token, still working until the end of its grace window;
 * - `revoked`: works no more: reported as leaked, its family revoked after reuse, or rotated
 *   and its grace window over;
 * - `expired`: its lifetime is over.
 * Revoked wins over expired: why a token stopped working matters more than when it would have.
 */
export type TokenState = 'active' | 'rotated' | 'revoked' | 'expired';

/** Why a `revoked` token works no more. */
export type TokenRevokedReason = 'rotated' | 'leaked' | 'reuse';

/** True when the token was rotated and its grace window is over: presenting it again is reuse. */
export function isSuperseded(token: DeepReadonly<Token>, now: Date): boolean {
  return token.rotation !== undefined && isPast(token.rotation.graceUntil, now);
}

export function tokenState(token: DeepReadonly<Token>, now: Date): TokenState {
  if (token.revocation || isSuperseded(token, now)) return 'revoked';
  if (isPast(token.expiresAt, now)) return 'expired';
  return token.rotation ? 'rotated' : 'active';
}

/** Why `token` works no more, when it is revoked; null otherwise. */
export function revokedReason(token: DeepReadonly<Token>, now: Date): TokenRevokedReason | null {
  if (token.revocation) return token.revocation.reason;
  return isSuperseded(token, now) ? 'rotated' : null;
}

/** When `token` stopped working by revocation (the end of the grace for a rotated one); null when it did not. */
export function revokedAt(token: DeepReadonly<Token>, now: Date): string | null {
  if (token.revocation) return token.revocation.at;
  return isSuperseded(token, now) ? token.rotation!.graceUntil : null;
}

/** True while the token authenticates: active, or rotated within its grace window. */
export function isLive(token: DeepReadonly<Token>, now: Date): boolean {
  const state = tokenState(token, now);
  return state === 'active' || state === 'rotated';
}

/** The id of the rotation chain `token` belongs to. */
export const familyOf = (token: DeepReadonly<Token>): string => token.familyId ?? token.id;
