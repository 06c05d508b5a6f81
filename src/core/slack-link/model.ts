import type { SlackLink } from '../store/schema.ts';
import type { StoreReader, StoreTransaction, StoreView } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { iso, MS_PER_HOUR } from '../shared/time.ts';
import { ALL } from '../store/indexes.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { detachAccountOutbox } from '../outbox/model.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { EXPIRED_LINK_CODE_KEPT_HOURS } from './constants.ts';
import { slackUserKey } from './indexes.ts';
import type { SlackUser } from './types.ts';

/** Expired codes removed by one sweep at most: the sweep runs inside request paths. */
const LINK_CODE_SWEEP_BATCH = 100;

/**
 * The account linked to this Slack user (the unique `slackUser` index), or null. A request from an
 * Enterprise Grid org also finds a link keyed by the user id alone: one made before the enterprise
 * was known (links from before schema 5, or from outside the org's payloads). User ids are unique
 * across Slack, so it is the same person.
 */
export async function accountIdForSlackUser(reader: StoreReader, user: SlackUser): Promise<string | null> {
  const view = reader as StoreView;
  const [link] = await view.find('slackLinks', 'slackUser', slackUserKey(user));
  if (link || !user.enterpriseId) return link?.accountId ?? null;
  const [bare] = await view.find('slackLinks', 'slackUser', slackUserKey({ userId: user.userId }));
  return bare?.accountId ?? null;
}

/** Whether `link` binds this Slack user (by identity: the team does not matter). */
export function linksSlackUser(link: { readonly userId: string; readonly enterpriseId?: string | undefined }, user: SlackUser): boolean {
  return link.userId === user.userId && (!link.enterpriseId || !user.enterpriseId || link.enterpriseId === user.enterpriseId);
}

/** Forgets every unused link code of `accountId` (a newer code, or a link, replaces them). */
export async function removeLinkCodesOf(tx: StoreTransaction, accountId: string): Promise<void> {
  // A handful at most: every new code and every link removes the account's earlier ones.
  for (const pending of await tx.find('slackLinkCodes', 'account', accountId)) tx.delete('slackLinkCodes', pending.hash);
}

/**
 * Drops codes that expired more than EXPIRED_LINK_CODE_KEPT_HOURS ago, the oldest first, up to
 * LINK_CODE_SWEEP_BATCH of them: every code issued sweeps, so they cannot pile up.
 */
export async function pruneLinkCodes(tx: StoreTransaction, now: Date): Promise<void> {
  const cutoff = iso(new Date(now.getTime() - EXPIRED_LINK_CODE_KEPT_HOURS * MS_PER_HOUR));
  const expired = await tx.page('slackLinkCodes', 'expiry', { key: ALL, limit: LINK_CODE_SWEEP_BATCH, before: cutoff });
  for (const pending of expired.items) tx.delete('slackLinkCodes', pending.hash);
}

/**
 * Who ended a link: the account holder, the Slack user (`/kbc unlink`), a link to another Slack
 * user, or an operator (`admin slack unlink`, for someone who left).
 */
export type UnlinkVia = 'account' | 'slack' | 'replaced' | 'operator';

/**
 * Removes the account's Slack link inside the caller's transaction, gives up its undelivered
 * Slack messages (they were meant for this Slack user) and records `slack.unlinked`. Unless the
 * Slack user ended the link themselves, they are told in a DM (which also republishes their Home
 * tab, now unlinked): an account moved to another Slack user, or unlinked from the dashboard,
 * never goes quiet without a word.
 */
export async function detachSlackLink(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  accountId: string,
  via: UnlinkVia,
): Promise<SlackLink | null> {
  const link = await tx.get('slackLinks', accountId);
  if (!link) return null;
  tx.delete('slackLinks', accountId);
  const dropped = await detachAccountOutbox(tx, accountId, 'account unlinked from Slack before delivery');
  await recordSecurityEvent(tx, now, random, accountId, 'slack.unlinked', {
    teamId: link.teamId,
    userId: link.userId,
    ...(link.enterpriseId ? { enterpriseId: link.enterpriseId } : {}),
    via,
    droppedMessages: dropped,
  });
  if (via !== 'slack') await tellFormerSlackUser(tx, now, random, link, via);
  return link;
}

/**
 * Queues the DM telling `link`'s Slack user that the account is no longer theirs in Slack,
 * addressed to them (the account has another Slack user now, or none). A ref of its own: it is a
 * new message, never an update of an earlier one.
 */
async function tellFormerSlackUser(tx: StoreTransaction, now: Date, random: Random, link: SlackLink, via: Exclude<UnlinkVia, 'slack'>): Promise<void> {
  const account = await tx.get('accounts', link.accountId);
  if (!account) return;
  await enqueueOutbox(tx, now, random, {
    accountId: link.accountId,
    kind: 'slack.unlinked',
    ref: `slack-unlinked:${link.accountId}:${link.userId}:${iso(now)}`,
    payload: { email: account.email, reason: via, at: iso(now) },
    recipient: { teamId: link.teamId, userId: link.userId, ...(link.enterpriseId ? { enterpriseId: link.enterpriseId } : {}) },
  });
}
