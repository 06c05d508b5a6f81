import type { CoreContext } from '../context.ts';
import type { OutboxEntry } from '../store/schema.ts';
import type { DeepReadonly, Page, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { leaseLive, settleFailed } from './model.ts';
import { OUTBOX_LIST_MAX } from './constants.ts';
import { PENDING, SETTLED } from './indexes.ts';
import type { OutboxEntryView } from './types.ts';

/** What an operator's discard leaves as the entry's last error. */
export const DISCARDED_BY_OPERATOR = 'discarded by an operator';

async function viewOf(view: StoreView, entry: DeepReadonly<OutboxEntry>, now: Date): Promise<OutboxEntryView> {
  const account = await view.get('accounts', entry.accountId);
  return {
    id: entry.id,
    kind: entry.kind,
    accountId: entry.accountId,
    email: account?.email ?? null,
    ref: entry.ref,
    status: entry.status,
    attempts: entry.attempts,
    createdAt: entry.createdAt,
    nextAttemptAt: entry.status === 'pending' ? entry.nextAttemptAt : null,
    inFlight: leaseLive(entry, now),
    lastError: entry.lastError,
    deliveredAt: entry.deliveredAt,
  };
}

function entryNotFound(entryId: string): AccountError {
  return new AccountError('OUTBOX_ENTRY_NOT_FOUND', `No outbox entry has the id ${JSON.stringify(String(entryId).slice(0, 100))}.`, { entryId: String(entryId).slice(0, 100) });
}

/**
 * The operator's side of the outbox (`kbc-account admin slack outbox`): list what is waiting or
 * was given up, send a given-up entry again, or discard one. Each change is recorded in the
 * security activity of the account the message was for.
 */
export function createOutboxAdmin(ctx: CoreContext) {
  const { store, clock, random } = ctx;

  return {
    /**
     * Pending entries (oldest first: the order they go out in) or failed ones (newest first), a
     * page at a time. INVALID_INPUT for a limit outside 1–OUTBOX_LIST_MAX.
     */
    async list(options: { status: 'pending' | 'failed'; limit?: number; after?: string | null }): Promise<Page<OutboxEntryView>> {
      const limit = options.limit ?? OUTBOX_LIST_MAX;
      if (!Number.isInteger(limit) || limit < 1 || limit > OUTBOX_LIST_MAX) {
        throw new AccountError('INVALID_INPUT', `The limit must be a whole number from 1 to ${OUTBOX_LIST_MAX}.`, { field: 'limit' });
      }
      const now = clock.now();
      return store.view(async (view) => {
        const page =
          options.status === 'pending'
            ? await view.page('outbox', 'pending', { key: PENDING, limit, after: options.after ?? null })
            : await view.page('outbox', 'settled', { key: SETTLED, order: 'desc', limit, after: options.after ?? null });
        const items: OutboxEntryView[] = [];
        for (const entry of page.items) if (entry.status === options.status) items.push(await viewOf(view, entry, now));
        return { items, next: page.next };
      });
    },

    /**
     * Sends a failed entry again: pending now, its attempts counted from zero (its last error
     * kept until the next attempt). OUTBOX_ENTRY_NOT_FOUND; OUTBOX_ENTRY_WRONG_STATE when it is not
     * failed, or when a newer message about the same thing was queued since (sending the old one
     * would put stale content, live buttons included, over it); SLACK_NOT_LINKED when its account
     * has no Slack user to send to any more.
     */
    async retry(entryId: string): Promise<OutboxEntryView> {
      const now = clock.now();
      return store.transact(async (tx) => {
        const entry = await tx.get('outbox', String(entryId));
        if (!entry) throw entryNotFound(entryId);
        if (entry.status !== 'failed') {
          throw new AccountError('OUTBOX_ENTRY_WRONG_STATE', `Only a failed entry can be sent again; this one is ${entry.status}.`, { status: entry.status });
        }
        const [newest] = (await tx.peek.page('outbox', 'ref', { key: entry.ref, order: 'desc', limit: 1 })).items;
        if (newest && newest.id !== entry.id) {
          throw new AccountError('OUTBOX_ENTRY_WRONG_STATE', 'A newer message about the same thing was queued since; sending this one again would show stale content.', {
            status: entry.status,
            newer: newest.id,
          });
        }
        if (!entry.recipient && !(await tx.get('slackLinks', entry.accountId))) {
          throw new AccountError('SLACK_NOT_LINKED', 'The account this message was for is no longer linked to a Slack user.');
        }
        entry.status = 'pending';
        entry.attempts = 0;
        entry.nextAttemptAt = iso(now);
        entry.claimedBy = null;
        entry.claimedUntil = null;
        if (await tx.get('accounts', entry.accountId)) {
          await recordSecurityEvent(tx, now, random, entry.accountId, 'slack.outbox_retried', { entryId: entry.id, kind: entry.kind });
        }
        return viewOf(tx.peek, entry, now);
      });
    },

    /**
     * Discards an entry: a pending one is given up (a worker sending it gets OUTBOX_CLAIM_LOST), a
     * failed one is removed. Returns the entry as it was. OUTBOX_ENTRY_NOT_FOUND;
     * OUTBOX_ENTRY_WRONG_STATE for a delivered one (the message is in Slack already).
     */
    async discard(entryId: string): Promise<OutboxEntryView> {
      const now = clock.now();
      return store.transact(async (tx) => {
        const entry = await tx.get('outbox', String(entryId));
        if (!entry) throw entryNotFound(entryId);
        if (entry.status === 'delivered') {
          throw new AccountError('OUTBOX_ENTRY_WRONG_STATE', 'This entry was delivered already: its message is in Slack.', { status: entry.status });
        }
        const before = await viewOf(tx.peek, entry, now);
        if (entry.status === 'pending') settleFailed(entry, DISCARDED_BY_OPERATOR);
        else tx.delete('outbox', entry.id);
        if (await tx.get('accounts', entry.accountId)) {
          await recordSecurityEvent(tx, now, random, entry.accountId, 'slack.outbox_discarded', { entryId: entry.id, kind: entry.kind, was: before.status });
        }
        return before;
      });
    },
  };
}
