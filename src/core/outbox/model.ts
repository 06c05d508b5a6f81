import type { Document, OutboxEntry } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import { MS_PER_DAY } from '../shared/time.ts';
import { peekValues } from '../store/changes.ts';
import { OUTBOX_RETENTION_DAYS, SLACK_MESSAGE_RETENTION_DAYS } from './constants.ts';

type EntryView = DeepReadonly<OutboxEntry>;

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
export function detachAccountOutbox(doc: Document, accountId: string, reason: string): number {
  let dropped = 0;
  for (const { id, accountId: owner, status } of peekValues(doc.outbox)) {
    if (owner !== accountId || status !== 'pending') continue;
    settleFailed(doc.outbox[id]!, reason);
    dropped++;
  }
  for (const [ref, message] of Object.entries(doc.slackMessages)) {
    if (message.accountId === accountId) delete doc.slackMessages[ref];
  }
  return dropped;
}

/**
 * Whether a claim could change anything: an entry to hand out or give up, or something to prune.
 * Lets an idle sender poll with a cached read instead of taking the cross-process lock.
 */
export function claimHasWork(doc: Snapshot, now: Date): boolean {
  const entryCutoff = now.getTime() - OUTBOX_RETENTION_DAYS * MS_PER_DAY;
  const messageCutoff = now.getTime() - SLACK_MESSAGE_RETENTION_DAYS * MS_PER_DAY;
  for (const entry of Object.values(doc.outbox)) {
    if (entry.status !== 'pending') {
      if (ms(entry.createdAt) < entryCutoff) return true;
    } else if (isDue(entry, now) || !doc.accounts[entry.accountId] || !doc.slackLinks[entry.accountId]) {
      return true;
    }
  }
  return Object.values(doc.slackMessages).some((message) => ms(message.updatedAt) < messageCutoff);
}

/** What a prune removed. */
export interface PruneResult {
  /** Delivered or failed entries created more than OUTBOX_RETENTION_DAYS ago. */
  readonly entries: number;
  /** Recorded Slack messages not updated for SLACK_MESSAGE_RETENTION_DAYS. */
  readonly messages: number;
}

/**
 * Removes settled entries and stale message records so the document does not grow forever.
 * Pending entries are never pruned: they settle on their own within OUTBOX_MAX_ATTEMPTS.
 */
export function pruneOutbox(doc: Document, now: Date): PruneResult {
  const entryCutoff = now.getTime() - OUTBOX_RETENTION_DAYS * MS_PER_DAY;
  const messageCutoff = now.getTime() - SLACK_MESSAGE_RETENTION_DAYS * MS_PER_DAY;
  let entries = 0;
  let messages = 0;
  for (const entry of peekValues(doc.outbox)) {
    if (entry.status !== 'pending' && ms(entry.createdAt) < entryCutoff) {
      delete doc.outbox[entry.id];
      entries++;
    }
  }
  for (const [ref, message] of Object.entries(doc.slackMessages)) {
    if (ms(message.updatedAt) < messageCutoff) {
      delete doc.slackMessages[ref];
      messages++;
    }
  }
  return { entries, messages };
}
