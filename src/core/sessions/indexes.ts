import type { IndexesOf } from '../store/index-definition.ts';

/** Sessions by account (the account's list, revoking them all), and all by start (sweeping the expired). */
export const sessionIndexes = {
  account: { keys: (session) => [session.accountId], sort: (session) => session.createdAt },
  started: { keys: () => ['*'], sort: (session) => session.createdAt },
} as const satisfies IndexesOf<'sessions'>;
