import type { Document, SlackLink } from '../store/schema.ts';
import type { Snapshot } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { MS_PER_HOUR } from '../shared/time.ts';
import { defineIndex } from '../store/changes.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { detachAccountOutbox } from '../outbox/model.ts';
import { EXPIRED_LINK_CODE_KEPT_HOURS } from './constants.ts';

const slackUserKey = (teamId: string, userId: string) => `${teamId}\u0000${userId}`;
const linksBySlackUser = defineIndex('slackLinks', (link) => slackUserKey(link.teamId, link.userId));

/** The account linked to this Slack user, or null. */
export function accountIdForSlackUser(doc: Snapshot | Document, teamId: string, userId: string): string | null {
  return linksBySlackUser(doc.slackLinks, slackUserKey(teamId, userId))[0] ?? null;
}

/** Forgets every unused link code of `accountId` (a newer code, or a link, replaces them). */
export function removeLinkCodesOf(doc: Document, accountId: string): void {
  for (const [hash, pending] of Object.entries(doc.slackLinkCodes)) {
    if (pending.accountId === accountId) delete doc.slackLinkCodes[hash];
  }
}

/** Drops codes that expired more than EXPIRED_LINK_CODE_KEPT_HOURS ago. */
export function pruneLinkCodes(doc: Document, now: Date): void {
  const cutoff = now.getTime() - EXPIRED_LINK_CODE_KEPT_HOURS * MS_PER_HOUR;
  for (const [hash, pending] of Object.entries(doc.slackLinkCodes)) {
    if (new Date(pending.expiresAt).getTime() < cutoff) delete doc.slackLinkCodes[hash];
  }
}

/** Who ended a link: the account holder, the Slack user (`/kbc unlink`), or a link to another Slack user. */
export type UnlinkVia = 'account' | 'slack' | 'replaced';

/**
 * Removes the account's Slack link inside the caller's transaction, gives up its undelivered
 * Slack messages (they were meant for this Slack user) and records `slack.unlinked`.
 */
export function detachSlackLink(doc: Document, now: Date, random: Random, accountId: string, via: UnlinkVia): SlackLink | null {
  const link = doc.slackLinks[accountId];
  if (!link) return null;
  delete doc.slackLinks[accountId];
  const dropped = detachAccountOutbox(doc, accountId, 'account unlinked from Slack before delivery');
  recordSecurityEvent(doc, now, random, accountId, 'slack.unlinked', {
    teamId: link.teamId,
    userId: link.userId,
    via,
    droppedMessages: dropped,
  });
  return link;
}
