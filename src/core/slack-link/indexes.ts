import type { IndexesOf } from '../store/index-definition.ts';

/** The key of a Slack user across workspaces (also the slackLinks index key). */
export const slackUserKey = (teamId: string, userId: string): string => `${teamId}\u001f${userId}`;

/** Links by Slack user (unique: a Slack user acts for one account), and all of them (fan-out). */
export const slackLinkIndexes = {
  slackUser: { keys: (link) => [slackUserKey(link.teamId, link.userId)], unique: true },
  all: { keys: () => ['*'], sort: (link) => link.linkedAt },
} as const satisfies IndexesOf<'slackLinks'>;

/** Pending link codes by account, and all by expiry (sweeping expired ones). */
export const slackLinkCodeIndexes = {
  account: { keys: (pending) => [pending.accountId], sort: (pending) => pending.createdAt },
  expiry: { keys: () => ['*'], sort: (pending) => pending.expiresAt },
} as const satisfies IndexesOf<'slackLinkCodes'>;
