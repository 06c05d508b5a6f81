import type { OutboxKind, SlackRecipient } from '../store/schema.ts';
import type { StoreTransaction } from '../store/store.ts';
import { newId, type Random } from '../shared/random.ts';
import { addMs, iso } from '../shared/time.ts';
import { PENDING } from './indexes.ts';
import { dmTurnedOff, orphanFollowUp } from '../preferences/model.ts';

/** Base-36 digits of an entry's sequence number within its millisecond (36^6: far more than any transaction queues). */
const SEQUENCE_DIGITS = 6;
/** `out_<sequence>_<random>`; ids from before sequence numbers are `out_<random>`. */
const SEQUENCED_ID = new RegExp(`^out_([0-9a-z]{${SEQUENCE_DIGITS}})_`);

/** The sequence number of the last entry each transaction queued, with its creation time. */
const lastQueued = new WeakMap<StoreTransaction, { createdAt: string; sequence: number }>();

function sequenceOf(id: string): number {
  const digits = SEQUENCED_ID.exec(id)?.[1];
  return digits === undefined ? -1 : Number.parseInt(digits, 36);
}

/**
 * An id that sorts after every pending entry created in the same millisecond. Every outbox index
 * orders by creation time and then by id, and claims go oldest first, one ref's entries in order:
 * entries queued in one millisecond (one transaction, or a fast clock) must keep the order they
 * were queued in, so "invitation answered" never goes before "you are invited". Settled entries
 * need no place in that order. The newest pending entry of the millisecond is read once per
 * transaction: a fan-out queues thousands.
 */
async function sequencedId(tx: StoreTransaction, now: Date, random: Random): Promise<string> {
  const createdAt = iso(now);
  let last = lastQueued.get(tx);
  if (last?.createdAt !== createdAt) {
    // Only consulted: a lock here would queue every enqueuing transaction behind the newest entry.
    const { items } = await tx.peek.page('outbox', 'pending', {
      key: PENDING,
      order: 'desc',
      limit: 1,
      from: createdAt,
      before: iso(addMs(now, 1)),
    });
    last = { createdAt, sequence: items[0] ? sequenceOf(items[0].id) : -1 };
    lastQueued.set(tx, last);
  }
  last.sequence += 1;
  const digits = last.sequence.toString(36).padStart(SEQUENCE_DIGITS, '0');
  return newId(random, `out_${digits}`);
}

/**
 * Writes an outbox entry for `accountId` inside the caller's transaction, so the change and its
 * Slack message are committed together. Accounts without a linked Slack user get none (there is
 * nobody to deliver to); returns the entry id, or null when nothing was queued.
 *
 * `ref` names what the message is about (`invitation:<id>`); entries sharing a ref update one
 * Slack message. `payload` must hold no secret. With a `recipient` the entry goes to that Slack
 * user whoever the account is linked to (or whether it is linked at all), e.g. the Slack user an
 * account was just moved away from. Nothing is queued either for a kind of message the account
 * holder turned off (preferences/model.ts), unless it follows up one that went out, nor for a
 * follow-up (an invitation answered) whose DM never went out: there is no message to update.
 */
export async function enqueueOutbox(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  entry: { accountId: string; kind: OutboxKind; ref: string; payload: Record<string, unknown>; recipient?: SlackRecipient },
): Promise<string | null> {
  if (!entry.recipient && !(await tx.get('slackLinks', entry.accountId))) return null;
  if (!entry.recipient && ((await orphanFollowUp(tx, entry)) || (await dmTurnedOff(tx, entry)))) return null;
  // One ref's messages go out in the order of their entries' times, which come from the clocks of
  // the processes that queued them: a later entry never takes a time before its ref's newest one,
  // however far behind the clock of the host that queues it is.
  const [newest] = (await tx.peek.page('outbox', 'ref', { key: entry.ref, order: 'desc', limit: 1 })).items;
  const at = newest && newest.createdAt > iso(now) ? new Date(newest.createdAt) : now;
  const id = await sequencedId(tx, at, random);
  tx.put('outbox', id, {
    id,
    kind: entry.kind,
    accountId: entry.accountId,
    ref: entry.ref,
    payload: entry.payload,
    ...(entry.recipient ? { recipient: { ...entry.recipient } } : {}),
    createdAt: iso(at),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: iso(now),
    claimedBy: null,
    claimedUntil: null,
    lastError: null,
    deliveredAt: null,
  });
  return id;
}
