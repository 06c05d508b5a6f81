import type { Token } from '../store/schema.ts';
import type { DeepReadonly, EntryFrom, StoreReader, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { constantTimeEqual } from '../crypto/digest.ts';
import { MS_PER_MINUTE } from '../shared/time.ts';
import { TOKEN_LAST_USED_RESOLUTION_MINUTES, TOKEN_LENGTH } from './constants.ts';
import { isWellFormedToken } from './format.ts';
import { revokedAt, revokedReason, tokenState } from './lifecycle.ts';

/*
 * Finding a presented token and deciding whether it still works: shared by verify, rotate and
 * revokeLeaked, so every path refuses the same tokens with the same codes.
 */

export const MALFORMED = () =>
  new AccountError('TOKEN_MALFORMED', 'This is not a Management API token: check that it was copied whole and unchanged.');
export const INVALID = () => new AccountError('TOKEN_INVALID', 'This token is not valid: it was deleted or never existed.');
export const NOT_FOUND = (tokenId: string) => new AccountError('TOKEN_NOT_FOUND', 'You have no token with this id.', { tokenId });

type TokenOf<R extends StoreReader> = EntryFrom<R, 'tokens'>;

/**
 * The token whose stored hash equals `hash` (the unique hash index). Looked up by the sha256 of a
 * 178-bit random secret (what a lookup's timing could tell is about the hash, which reveals
 * nothing of any secret), then compared in constant time.
 */
export async function findByHash<R extends StoreReader>(reader: R, hash: string): Promise<TokenOf<R> | null> {
  const found = await (reader as StoreView).find('tokens', 'hash', hash);
  return (found.find((token) => constantTimeEqual(token.hash, hash)) ?? null) as TokenOf<R> | null;
}

/** True when lastUsedAt is stale enough to be worth a write. */
export function lastUseOutdated(token: DeepReadonly<Token>, now: Date): boolean {
  return token.lastUsedAt === null || now.getTime() - new Date(token.lastUsedAt).getTime() >= TOKEN_LAST_USED_RESOLUTION_MINUTES * MS_PER_MINUTE;
}

const REVOKED_WORDS = {
  rotated: 'This token was replaced by rotation and its grace window is over; use the new token.',
  leaked: 'This token was revoked because it leaked; create a new one.',
  reuse: 'This token was revoked because a token it replaced was used again after rotation; create a new one.',
} as const;

export const revoked = (token: DeepReadonly<Token>, now: Date) => {
  const reason = revokedReason(token, now)!;
  return new AccountError('TOKEN_REVOKED', REVOKED_WORDS[reason], { reason, revokedAt: revokedAt(token, now) });
};

const expired = (token: DeepReadonly<Token>) =>
  new AccountError('TOKEN_EXPIRED', `This token expired on ${token.expiresAt}; create a new one.`, { expiresAt: token.expiresAt });

/** The token for `hash` whose account exists (the transaction's copy inside a transaction), or TOKEN_INVALID. */
export async function requireExisting<R extends StoreReader>(reader: R, hash: string): Promise<TokenOf<R>> {
  const token = await findByHash(reader, hash);
  if (!token || !(await (reader as StoreView).get('accounts', token.accountId))) throw INVALID();
  return token;
}

/** TOKEN_REVOKED or TOKEN_EXPIRED unless `token` still works (a rotated one within its grace does). */
export function assertLive(token: DeepReadonly<Token>, now: Date): void {
  const state = tokenState(token, now);
  if (state === 'revoked') throw revoked(token, now);
  if (state === 'expired') throw expired(token);
}

/** The live token for `hash`, or TOKEN_INVALID / TOKEN_REVOKED / TOKEN_EXPIRED. */
export async function requireUsable<R extends StoreReader>(reader: R, hash: string, now: Date): Promise<TokenOf<R>> {
  const token = await requireExisting(reader, hash);
  assertLive(token, now);
  return token;
}

/** A string that may be a token, trimmed; TOKEN_MALFORMED (before any lookup) when its shape or checksum is wrong. */
export function wellFormed(secret: unknown): string {
  const candidate = typeof secret === 'string' && secret.length <= TOKEN_LENGTH * 2 ? secret.trim() : '';
  if (!isWellFormedToken(candidate)) throw MALFORMED();
  return candidate;
}

