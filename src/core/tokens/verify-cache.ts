import type { VerifiedToken } from './types.ts';

/** The longest a verification is remembered, in ms, whatever the change signal says. */
export const TOKEN_VERIFY_CACHE_MAX_MS = 5_000;

/** Verified tokens remembered at most, per process: past this the cache starts over. */
const CACHED_TOKENS_MAX = 10_000;

/**
 * What `verify` answered for a token's hash, remembered while nothing changed: under the store's
 * change signal read BEFORE the data (any write by any process, a deletion, a revocation, a
 * rotation, a change to the account, gives another signal and empties the cache), and only until
 * `until` (ms), the first instant the answer could change by time alone: the token's expiry, the
 * end of its grace, the next last-use write. A hit costs no store read, which is what lets an API
 * call cost about what the HTTP framework costs. Keyed by the token's SHA-256, never the token.
 */
export function createVerifiedCache() {
  let signal: string | null = null;
  const entries = new Map<string, { readonly verified: VerifiedToken; readonly until: number }>();
  return {
    get(current: string, hash: string, time: number): VerifiedToken | undefined {
      if (current !== signal) return undefined;
      const hit = entries.get(hash);
      return hit && time < hit.until ? hit.verified : undefined;
    },
    set(current: string, hash: string, verified: VerifiedToken, until: number): void {
      if (current !== signal || entries.size >= CACHED_TOKENS_MAX) entries.clear();
      signal = current;
      entries.set(hash, { verified, until });
    },
  };
}
