import type { IndexesOf } from '../store/index-definition.ts';

/** The one key of the `pending` index, and of the `settled` one. */
export const PENDING = 'pending';
export const SETTLED = 'settled';

/**
 * Outbox entries: pending ones oldest first (claims), by message ref in order (one ref's messages
 * go out in order), by account (unlinking gives its pending ones up), settled ones by age (pruning).
 */
export const outboxIndexes = {
  pending: { keys: (entry) => (entry.status === 'pending' ? [PENDING] : []), sort: (entry) => entry.createdAt },
  ref: { keys: (entry) => [entry.ref], sort: (entry) => entry.createdAt },
  account: { keys: (entry) => (entry.status === 'pending' ? [entry.accountId] : []), sort: (entry) => entry.createdAt },
  settled: { keys: (entry) => (entry.status === 'pending' ? [] : [SETTLED]), sort: (entry) => entry.createdAt },
} as const satisfies IndexesOf<'outbox'>;

/**
 * Recorded Slack messages by account (forgotten on unlink), all by last update (pruning), and
 * those with a refresh time by that time (only they are filed there: older records have none).
 */
export const slackMessageIndexes = {
  account: { keys: (message) => [message.accountId], sort: (message) => message.updatedAt },
  updated: { keys: () => ['*'], sort: (message) => message.updatedAt },
  refresh: { keys: (message) => (message.refreshAt ? ['*'] : []), sort: (message) => message.refreshAt ?? '' },
} as const satisfies IndexesOf<'slackMessages'>;
