import type { OutboxEntry } from '../store/schema.ts';
import type { DeepReadonly, Entry, Page, StoreTransaction, StoreView } from '../store/store.ts';
import { ALL } from '../store/indexes.ts';
import { iso, MS_PER_DAY } from '../shared/time.ts';
import { OUTBOX_CLAIM_SCAN_MAX, OUTBOX_PRUNE_BATCH, OUTBOX_RETENTION_DAYS, SLACK_MESSAGE_RETENTION_DAYS } from './constants.ts';
import { PENDING, SETTLED } from './indexes.ts';

type EntryView = DeepReadonly<OutboxEntry>;

/** Entries read per page by the jobs here. */
export const OUTBOX_PAGE = 100;

const ms = (isoTime: string): number => new Date(isoTime).getTime();

/** A worker holds the entry and its lease has not run out. */
export function leaseLive(entry: EntryView, now: Date): boolean {
  return entry.claimedBy !== null && entry.claimedUntil !== null && ms(entry.claimedUntil) > now.getTime();
}

/** Pending, its retry time has come, and nobody holds a live lease on it. */
export function isDue(entry: EntryView, now: Date): boolean {
  return entry.status === 'pending' && ms(entry.nextAttemptAt) <= now.getTime() && !leaseLive(entry, now);
}

/** Gives an entry up for good: it will not be claimed again. Any claim on it is lost. */
export function settleFailed(entry: OutboxEntry, reason: string): void {
  entry.status = 'failed';
  entry.lastError = reason;
  entry.claimedBy = null;
  entry.claimedUntil = null;
}

/**
 * Called inside the transaction that unlinks an account from its Slack user (or moves it to
 * another one): its undelivered entries are given up — they were meant for the old Slack user and
 * must not reach whoever links next — and the DMs recorded for it are forgotten, so no later entry
 * edits a message in the old user's DMs. A sender still working on one gets OUTBOX_CLAIM_LOST.
 * Returns how many entries were dropped.
 */
export async function detachAccountOutbox(tx: StoreTransaction, accountId: string, reason: string): Promise<number> {
  let dropped = 0;
  // Every page: an account's backlog grows while Slack is down, and none of it may be left behind.
  for (let after: string | null = null; ; ) {
    // Locked: an entry a claim holds is waited for, then seen as that claim left it (`page` drops
    // the ones that left the account's pending entries meanwhile, e.g. delivered).
    const page: Page<OutboxEntry> = await tx.page('outbox', 'account', { key: accountId, limit: OUTBOX_PAGE, after });
    for (const entry of page.items) {
      // Settled is final: a delivered or failed entry keeps its outcome. An addressed entry (telling
      // a former Slack user their link ended) was never meant for the link being detached.
      if (entry.status !== 'pending' || entry.accountId !== accountId || entry.recipient) continue;
      settleFailed(entry, reason);
      dropped++;
    }
    if (!(after = page.next)) break;
  }
  for (let after: string | null = null; ; ) {
    const page: Page<Entry<'slackMessages'>> = await tx.page('slackMessages', 'account', { key: accountId, limit: OUTBOX_PAGE, after });
    for (const message of page.items) tx.delete('slackMessages', message.ref);
    if (!(after = page.next)) break;
  }
  return dropped;
}

/** The retention cutoffs at `now`: settled entries created, and messages updated, before them go. */
function cutoffs(now: Date): { entries: string; messages: string } {
  return {
    entries: iso(new Date(now.getTime() - OUTBOX_RETENTION_DAYS * MS_PER_DAY)),
    messages: iso(new Date(now.getTime() - SLACK_MESSAGE_RETENTION_DAYS * MS_PER_DAY)),
  };
}

/**
 * Whether a claim could change anything: a due entry among the first OUTBOX_CLAIM_SCAN_MAX pending
 * ones (the ones a claim looks at), or something to prune. Lets an idle sender poll with a few
 * reads instead of a transaction. Entries of unlinked accounts are given up by the claim that
 * meets them once they are due: waiting for that changes nothing anyone sees.
 */
export async function claimHasWork(reader: StoreView, now: Date): Promise<boolean> {
  for (let after: string | null = null, seen = 0; seen < OUTBOX_CLAIM_SCAN_MAX; ) {
    const page: Page<EntryView> = await reader.page('outbox', 'pending', { key: PENDING, limit: OUTBOX_PAGE, after });
    if (page.items.some((entry) => isDue(entry, now))) return true;
    seen += page.items.length;
    if (!(after = page.next)) break;
  }
  const cutoff = cutoffs(now);
  const old = await reader.page('outbox', 'settled', { key: SETTLED, limit: 1, before: cutoff.entries });
  if (old.items.length > 0) return true;
  const stale = await reader.page('slackMessages', 'updated', { key: ALL, limit: 1, before: cutoff.messages });
  return stale.items.length > 0;
}

/** What a prune removed. */
export interface PruneResult {
  /** Delivered or failed entries created more than OUTBOX_RETENTION_DAYS ago. */
  readonly entries: number;
  /** Recorded Slack messages not updated for SLACK_MESSAGE_RETENTION_DAYS. */
  readonly messages: number;
}

/**
 * Removes up to OUTBOX_PRUNE_BATCH settled entries and as many stale message records, oldest
 * first, so the outbox does not grow forever while no transaction grows with it. Pending entries
 * are never pruned: they settle on their own within OUTBOX_MAX_ATTEMPTS.
 */
export async function pruneOutbox(tx: StoreTransaction, now: Date): Promise<PruneResult> {
  const cutoff = cutoffs(now);
  const old = await tx.page('outbox', 'settled', { key: SETTLED, limit: OUTBOX_PRUNE_BATCH, before: cutoff.entries });
  for (const entry of old.items) tx.delete('outbox', entry.id);
  const stale = await tx.page('slackMessages', 'updated', { key: ALL, limit: OUTBOX_PRUNE_BATCH, before: cutoff.messages });
  for (const message of stale.items) tx.delete('slackMessages', message.ref);
  return { entries: old.items.length, messages: stale.items.length };
}
