import { numericIdIndex, type IndexesOf } from '../store/index-definition.ts';

/** Accounts by their normalised email (unique), and all accounts by email for the operator's list. */
export const accountIndexes = {
  numericId: numericIdIndex,
  email: { keys: (account) => [account.email], unique: true },
  all: { keys: () => ['*'], sort: (account) => account.email },
} as const satisfies IndexesOf<'accounts'>;
