import type { Document, OutboxKind } from '../store/schema.ts';
import { newId, type Random } from '../shared/random.ts';
import { iso } from '../shared/time.ts';

/**
 * Writes an outbox entry for `accountId` inside the caller's transaction, so the change and its
 * Slack message are committed together. Accounts without a linked Slack user get none (there is
 * nobody to deliver to); returns the entry id, or null when nothing was queued.
 *
 * `ref` names what the message is about (`invitation:<id>`); entries sharing a ref update one
 * Slack message. `payload` must hold no secret.
 */
export function enqueueOutbox(
  doc: Document,
  now: Date,
  random: Random,
  entry: { accountId: string; kind: OutboxKind; ref: string; payload: Record<string, unknown> },
): string | null {
  if (!doc.slackLinks[entry.accountId]) return null;
  const id = newId(random, 'out');
  doc.outbox[id] = {
    id,
    kind: entry.kind,
    accountId: entry.accountId,
    ref: entry.ref,
    payload: entry.payload,
    createdAt: iso(now),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: iso(now),
    claimedBy: null,
    claimedUntil: null,
    lastError: null,
    deliveredAt: null,
  };
  return id;
}
