import { numericIdIndex, type IndexesOf } from '../store/index-definition.ts';

/**
 * Tokens by hash (unique: a presented token finds its record), by account, and all by expiry
 * (reminders read only the tokens expiring soon). The expiry is filed as UTC with milliseconds,
 * whatever offset it was stored with, so its text orders like the instant and reminders can bound
 * it with ISO times.
 */
export const tokenIndexes = {
  numericId: numericIdIndex,
  hash: { keys: (token) => [token.hash], unique: true },
  account: { keys: (token) => [token.accountId], sort: (token) => token.createdAt },
  expiry: { keys: () => ['*'], sort: (token) => new Date(token.expiresAt).toISOString() },
} as const satisfies IndexesOf<'tokens'>;
