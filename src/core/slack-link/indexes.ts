import type { IndexesOf } from '../store/index-definition.ts';

/**
 * The key of a Slack user (also the slackLinks index key): the enterprise id and the user id in an
 * Enterprise Grid org, else the user id alone. Never the team: in Grid and Slack Connect a user
 * acts from several workspaces, and a command and a click from one person can carry different
 * team ids, while the enterprise id is constant across an org and user ids are unique across Slack.
 */
export const slackUserKey = (user: { readonly enterpriseId?: string | undefined; readonly userId: string }): string =>
  user.enterpriseId ? `${user.enterpriseId}\u001f${user.userId}` : user.userId;

/** Links by Slack user (unique: a Slack user acts for one account), and all of them (fan-out). */
export const slackLinkIndexes = {
  slackUser: { keys: (link) => [slackUserKey(link)], unique: true },
  all: { keys: () => ['*'], sort: (link) => link.linkedAt },
} as const satisfies IndexesOf<'slackLinks'>;

/** Pending link codes by account, and all by expiry (sweeping expired ones). */
export const slackLinkCodeIndexes = {
  account: { keys: (pending) => [pending.accountId], sort: (pending) => pending.createdAt },
  expiry: { keys: () => ['*'], sort: (pending) => pending.expiresAt },
} as const satisfies IndexesOf<'slackLinkCodes'>;
