import { ALL, numericIdIndex, type IndexesOf } from '../store/index-definition.ts';

/** The key of an account's pending request to a project: at most one (a unique index). */
export const accountProjectKey = (accountId: string, projectId: string): string => `${accountId}\u001f${projectId}`;

/**
 * Join requests: the pending one of an account for a project (unique, so two submits at once in
 * two processes cannot both store one), an account's requests newest last, and a project's pending
 * ones oldest first (what its admins answer), and every pending one oldest first (the operator's list).
 */
export const joinRequestIndexes = {
  numericId: numericIdIndex,
  pending: { keys: (request) => (request.status === 'pending' ? [accountProjectKey(request.accountId, request.projectId)] : []), unique: true },
  account: { keys: (request) => [request.accountId], sort: (request) => request.createdAt },
  projectPending: { keys: (request) => (request.status === 'pending' ? [request.projectId] : []), sort: (request) => request.createdAt },
  allPending: { keys: (request) => (request.status === 'pending' ? [ALL] : []), sort: (request) => request.createdAt },
} as const satisfies IndexesOf<'joinRequests'>;
