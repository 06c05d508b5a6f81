import type { CoreContext } from '../context.ts';
import type { OutboxEntry } from '../store/schema.ts';
import type { DeepReadonly, Page, StoreTransaction } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { addMs, iso } from '../shared/time.ts';
import { retryDelayMs } from './backoff.ts';
import { shortErrorText } from './error-text.ts';
import { claimDue } from './claim.ts';
import { claimHasWork, isDue, leaseLive, OUTBOX_PAGE, pruneOutbox, settleFailed, type PruneResult } from './model.ts';
import {
  OUTBOX_CLAIM_LIMIT,
  OUTBOX_CLAIM_MAX_LIMIT,
  OUTBOX_LEASE_MAX_SECONDS,
  OUTBOX_LEASE_SECONDS,
  OUTBOX_MAX_ATTEMPTS,
  OUTBOX_PRUNE_BATCH,
} from './constants.ts';
import { PENDING, SETTLED } from './indexes.ts';
import { createOutboxAdmin } from './admin.ts';
import { ALL } from '../store/indexes.ts';
import { enqueueOutbox } from './enqueue.ts';
import type { ClaimedOutboxEntry, OutboxStats, SlackMessageRef } from './types.ts';

/** Longest worker id, channel or ts accepted. */
const ID_MAX_LENGTH = 100;

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > ID_MAX_LENGTH) {
    throw new AccountError('INVALID_INPUT', `The ${what} must be 1–${ID_MAX_LENGTH} characters.`);
  }
  return value;
}

function requireInteger(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AccountError('INVALID_INPUT', `The ${what} must be a whole number from ${min} to ${max}.`, { [what]: value });
  }
  return value;
}

/** The entry, still pending and claimed by `workerId` — or why the worker may not settle it. */
async function heldEntry(tx: StoreTransaction, entryId: string, workerId: string): Promise<OutboxEntry> {
  const entry = await tx.get('outbox', entryId);
  if (!entry) throw new AccountError('OUTBOX_ENTRY_NOT_FOUND', 'No such outbox entry.', { entryId });
  if (entry.status !== 'pending' || entry.claimedBy !== workerId) {
    throw new AccountError(
      'OUTBOX_CLAIM_LOST',
      'This worker no longer holds the outbox entry (its lease ran out and another worker took it, or it was settled).',
      { entryId, status: entry.status },
    );
  }
  return entry;
}

/** Result of `markFailed`: whether the entry will be retried, and when. */
export interface FailureOutcome {
  readonly status: 'pending' | 'failed';
  readonly attempts: number;
  /** ISO time of the next attempt; null once the entry was given up. */
  readonly nextAttemptAt: string | null;
}

/**
 * The delivery side of the outbox, driven by the Slack process: `claim` → send → `markDelivered`
 * or `markFailed`.
 *
 * Delivery is AT LEAST ONCE. A claim is a lease: if the worker dies or hangs past
 * `claimedUntil`, the next claim hands the entry to another worker (counting one attempt), and
 * the late worker's `markDelivered` gets OUTBOX_CLAIM_LOST so it records nothing. A message can
 * therefore be posted twice only when a worker dies (or stalls beyond the lease) after Slack
 * accepted the post and before `markDelivered` committed. At-most-once would instead lose that
 * message for good — worse for an invitation someone is waiting for — and updates (`chat.update`)
 * are idempotent anyway. To keep duplicates rare the sender must give its Slack calls a timeout
 * (and no client-side retries) well under the lease, and not begin sending an entry whose lease is
 * about to run out. A worker that overran its lease may still settle the entry as long as nobody
 * else claimed it meanwhile.
 *
 * Entries sharing a ref are delivered one at a time, oldest first: a later one waits until the
 * earlier one is settled, so "invitation accepted" never overtakes "you are invited" and always
 * finds the message to update.
 *
 * `workerId` must be unique per running sender (e.g. `slack-<host>-<pid>-<random>`).
 */
export function createOutboxService(ctx: CoreContext) {
  const { store, clock, random } = ctx;

  return {
    /** The operator's calls: list, retry, discard (admin.ts). */
    admin: createOutboxAdmin(ctx),

    /**
     * Claims up to `limit` due entries (oldest first, among the first OUTBOX_CLAIM_SCAN_MAX
     * pending ones) for `workerId` for `leaseSeconds`, in one transaction, so no two workers get the
     * same entry. Entries of accounts no longer linked to Slack are given up instead of returned.
     * Also prunes a batch of old settled entries. Without anything to do it reads a few pages and
     * starts no transaction, so an idle sender may poll it often.
     * @param limit entries at most. @default OUTBOX_CLAIM_LIMIT
     * @param leaseSeconds how long the claim lasts. @default OUTBOX_LEASE_SECONDS
     */
    async claim(input: { workerId: string; limit?: number; leaseSeconds?: number }): Promise<ClaimedOutboxEntry[]> {
      const workerId = requireText(input.workerId, 'worker id');
      const limit = requireInteger(input.limit ?? OUTBOX_CLAIM_LIMIT, 'limit', 1, OUTBOX_CLAIM_MAX_LIMIT);
      const leaseSeconds = requireInteger(input.leaseSeconds ?? OUTBOX_LEASE_SECONDS, 'leaseSeconds', 1, OUTBOX_LEASE_MAX_SECONDS);
      const now = clock.now();
      if (!(await store.view((view) => claimHasWork(view, now)))) return [];
      return store.transact(async (tx) => {
        await pruneOutbox(tx, now);
        return claimDue(tx, now, { workerId, limit, leaseSeconds });
      });
    },

    /**
     * Records that `workerId` delivered the entry, and where the message is, so later entries with
     * the same ref update it. OUTBOX_CLAIM_LOST when another worker took the entry over (or it was
     * settled, e.g. the account unlinked); repeating a successful call is harmless.
     */
    async markDelivered(entryId: string, workerId: string, message: SlackMessageRef, options: { refreshAt?: string | null } = {}): Promise<void> {
      const channel = requireText(message.channel, 'channel');
      const ts = requireText(message.ts, 'message ts');
      const refreshAt = options.refreshAt ?? null;
      if (refreshAt !== null && Number.isNaN(new Date(refreshAt).getTime())) throw new AccountError('INVALID_INPUT', 'refreshAt must be an ISO time.');
      const now = clock.now();
      await store.transact(async (tx) => {
        const existing = await tx.get('outbox', entryId);
        if (existing?.status === 'delivered' && existing.claimedBy === workerId) return;
        const entry = await heldEntry(tx, entryId, workerId);
        entry.status = 'delivered';
        entry.deliveredAt = iso(now);
        entry.claimedUntil = null;
        tx.put('slackMessages', entry.ref, {
          ref: entry.ref,
          channel,
          ts,
          updatedAt: iso(now),
          accountId: entry.accountId,
          ...(refreshAt !== null ? { refreshAt: iso(new Date(refreshAt)) } : {}),
        });
      });
    },

    /**
     * Queues again the last entry of each recorded message whose `refreshAt` has come (the
     * invitation or token it shows expired meanwhile), so the sender renders it as things stand
     * now, and clears the time. Up to OUTBOX_PRUNE_BATCH per call; without any due it reads one
     * index page and starts no transaction. Returns how many were queued.
     */
    async queueRefreshes(): Promise<number> {
      const now = clock.now();
      const due = { key: ALL, limit: OUTBOX_PRUNE_BATCH, before: iso(addMs(now, 1)) };
      if ((await store.view((view) => view.page('slackMessages', 'refresh', { ...due, limit: 1 }))).items.length === 0) return 0;
      return store.transact(async (tx) => {
        let queued = 0;
        for (const message of (await tx.page('slackMessages', 'refresh', due)).items) {
          const { refreshAt: _done, ...rest } = message;
          tx.put('slackMessages', message.ref, rest);
          const [last] = (await tx.peek.page('outbox', 'ref', { key: message.ref, order: 'desc', limit: 1 })).items;
          if (!last || last.accountId !== message.accountId) continue;
          const id = await enqueueOutbox(tx, now, random, {
            accountId: last.accountId,
            kind: last.kind,
            ref: last.ref,
            payload: structuredClone(last.payload) as Record<string, unknown>,
            ...(last.recipient ? { recipient: { ...last.recipient } } : {}),
          });
          if (id) queued++;
        }
        return queued;
      });
    },

    /**
     * Records a failed attempt. The entry is retried after an exponential, jittered delay (or
     * Slack's `retryAfterSeconds` when longer) and given up after OUTBOX_MAX_ATTEMPTS, or at once
     * when `permanent` (e.g. Slack said `user_not_found`). `error` is stored cut short and with
     * anything token-like removed. OUTBOX_CLAIM_LOST as for `markDelivered`.
     */
    async markFailed(
      entryId: string,
      workerId: string,
      failure: { error: string; retryAfterSeconds?: number; permanent?: boolean },
    ): Promise<FailureOutcome> {
      const retryAfter = failure.retryAfterSeconds;
      if (retryAfter !== undefined && !(Number.isFinite(retryAfter) && retryAfter >= 0)) {
        throw new AccountError('INVALID_INPUT', 'retryAfterSeconds must be a number of seconds, zero or more.');
      }
      const lastError = shortErrorText(String(failure.error));
      const now = clock.now();
      return store.transact(async (tx): Promise<FailureOutcome> => {
        const entry = await heldEntry(tx, entryId, workerId);
        entry.attempts += 1;
        if (failure.permanent || entry.attempts >= OUTBOX_MAX_ATTEMPTS) {
          settleFailed(entry, lastError);
          return { status: 'failed', attempts: entry.attempts, nextAttemptAt: null };
        }
        entry.lastError = lastError;
        entry.claimedBy = null;
        entry.claimedUntil = null;
        entry.nextAttemptAt = iso(addMs(now, retryDelayMs(entry.attempts, random, retryAfter)));
        return { status: 'pending', attempts: entry.attempts, nextAttemptAt: entry.nextAttemptAt };
      });
    },

    /**
     * How far delivery is behind, cheaply (one page of the oldest pending entries, no lock): for a
     * readiness check on every request. `oldestDueSeconds` is how long the longest-waiting entry
     * that is due and held by no worker has been due (0 when none is), `pending` how many pending
     * entries the page held (at most OUTBOX_PAGE).
     */
    async backlog(): Promise<{ readonly oldestDueSeconds: number; readonly pending: number }> {
      const now = clock.now();
      const page = await store.view((view) => view.page('outbox', 'pending', { key: PENDING, limit: OUTBOX_PAGE, after: null }));
      let oldest = 0;
      for (const entry of page.items) {
        if (isDue(entry, now)) oldest = Math.max(oldest, Math.floor((now.getTime() - new Date(entry.nextAttemptAt).getTime()) / 1000));
      }
      return { oldestDueSeconds: oldest, pending: page.items.length };
    },

    /** The Slack message recorded for `ref`, or null. */
    async messageFor(ref: string): Promise<SlackMessageRef | null> {
      const message = await store.view((view) => view.get('slackMessages', ref));
      return message ? { channel: message.channel, ts: message.ts } : null;
    },

    /**
     * Counts for monitoring. Reads every entry, a page at a time (the settled ones only as far
     * as retention keeps them): for an operator, not for a request path.
     */
    async stats(): Promise<OutboxStats> {
      const now = clock.now();
      let pending = 0, due = 0, inFlight = 0, retrying = 0, delivered = 0, failed = 0;
      let oldestPendingAt: string | null = null;
      await store.view(async (view) => {
        for (let after: string | null = null; ; ) {
          const page: Page<DeepReadonly<OutboxEntry>> = await view.page('outbox', 'pending', { key: PENDING, limit: OUTBOX_PAGE, after });
          for (const entry of page.items) {
            pending++;
            if (isDue(entry, now)) due++;
            if (leaseLive(entry, now)) inFlight++;
            if (entry.attempts > 0) retrying++;
            // Oldest first: the first one is the oldest.
            oldestPendingAt ??= entry.createdAt;
          }
          if (!(after = page.next)) break;
        }
        for (let after: string | null = null; ; ) {
          const page: Page<DeepReadonly<OutboxEntry>> = await view.page('outbox', 'settled', { key: SETTLED, limit: OUTBOX_PAGE, after });
          for (const entry of page.items) {
            if (entry.status === 'delivered') delivered++;
            else failed++;
          }
          if (!(after = page.next)) break;
        }
      });
      return { pending, due, inFlight, retrying, delivered, failed, oldestPendingAt };
    },

    /**
     * Removes delivered and failed entries older than OUTBOX_RETENTION_DAYS and message records
     * not updated for SLACK_MESSAGE_RETENTION_DAYS, a batch per transaction until none is left.
     * `claim` removes a batch too; this is for an operator or a quiet period.
     */
    async prune(): Promise<PruneResult> {
      const now = clock.now();
      let entries = 0;
      let messages = 0;
      for (;;) {
        const batch = await store.transact((tx) => pruneOutbox(tx, now));
        entries += batch.entries;
        messages += batch.messages;
        if (batch.entries < OUTBOX_PRUNE_BATCH && batch.messages < OUTBOX_PRUNE_BATCH) return { entries, messages };
      }
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
