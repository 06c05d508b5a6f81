import type { SlackLink } from '../store/schema.ts';
import type { StoreReader, StoreTransaction, StoreView } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { iso, MS_PER_HOUR } from '../shared/time.ts';
import { ALL } from '../store/indexes.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { detachAccountOutbox } from '../outbox/model.ts';
import { EXPIRED_LINK_CODE_KEPT_HOURS } from './constants.ts';
import { slackUserKey } from './indexes.ts';

/** Expired codes removed by one sweep at most: the sweep runs inside request paths. */
const LINK_CODE_SWEEP_BATCH = 100;

/** The account linked to this Slack user (the unique `slackUser` index), or null. */
export async function accountIdForSlackUser(reader: StoreReader, teamId: string, userId: string): Promise<string | null> {
  const [link] = await (reader as StoreView).find('slackLinks', 'slackUser', slackUserKey(teamId, userId));
  return link?.accountId ?? null;
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

/** Who ended a link: the account holder, the Slack user (`/kbc unlink`), or a link to another Slack user. */
export type UnlinkVia = 'account' | 'slack' | 'replaced';

/**
 * Removes the account's Slack link inside the caller's transaction, gives up its undelivered
 * Slack messages (they were meant for this Slack user) and records `slack.unlinked`.
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
    via,
    droppedMessages: dropped,
  });
  return link;
}
