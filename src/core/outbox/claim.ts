import type { OutboxEntry } from '../store/schema.ts';
import type { DeepReadonly, Page, StoreTransaction, StoreView } from '../store/store.ts';
import { addMs, iso } from '../shared/time.ts';
import { shortErrorText } from './error-text.ts';
import { isDue, OUTBOX_PAGE, settleFailed } from './model.ts';
import { OUTBOX_CLAIM_SCAN_MAX, OUTBOX_MAX_ATTEMPTS } from './constants.ts';
import { PENDING } from './indexes.ts';
import type { ClaimedOutboxEntry } from './types.ts';

const NOT_LINKED = 'account is not linked to Slack';
/** Entries of one ref read per page: a ref has a handful (an invitation: created, then answered). */
const REF_PAGE = 20;

/**
 * Whether an entry of `entry`'s ref that came before it is still unsettled: only the oldest
 * unsettled entry of a ref may go out. Read without locks (`tx.peek`), so an earlier entry another
 * worker holds still counts, and the claim neither waits for it nor locks the ref's entries.
 * Settling is final and commits the entry's Slack message with it, so an earlier entry seen
 * settled stays settled and its message is visible to the read that follows.
 */
async function waitsForEarlier(peek: StoreView, entry: OutboxEntry): Promise<boolean> {
  for (let after: string | null = null; ; ) {
    const page: Page<DeepReadonly<OutboxEntry>> = await peek.page('outbox', 'ref', { key: entry.ref, limit: REF_PAGE, after });
    for (const other of page.items) {
      if (other.id === entry.id) return false;
      if (other.status === 'pending') return true;
    }
    if (!(after = page.next)) return false;
  }
}

/**
 * Inside a claim's transaction: hands up to `limit` due entries, oldest first, to `workerId` for
 * `leaseSeconds`. Looks at no more than OUTBOX_CLAIM_SCAN_MAX pending entries, taking them with
 * `claim` so that senders on other hosts skip the ones this claim holds (PostgreSQL's SKIP
 * LOCKED) instead of waiting for them. Entries of accounts no longer linked to Slack are given up
 * instead of returned, unless addressed to a `recipient` of their own.
 *
 * The pending entries are the only rows it locks. The account, its Slack link, the ref's earlier
 * entries and its recorded message are only consulted, through `tx.peek`: locking them would take
 * locks in the order entry → account while unlinking takes account → entry (a deadlock), and would
 * hold up the account's logins and the other workers for the whole claim. A link removed by an
 * unlink that has not committed yet still shows; that unlink then waits for this claim's entries
 * and gives them up after it, so the sender's report gets OUTBOX_CLAIM_LOST.
 */
export async function claimDue(
  tx: StoreTransaction,
  now: Date,
  claim: { workerId: string; limit: number; leaseSeconds: number },
): Promise<ClaimedOutboxEntry[]> {
  const claimed: ClaimedOutboxEntry[] = [];
  let seen = 0;
  for (let after: string | null = null; claimed.length < claim.limit && seen < OUTBOX_CLAIM_SCAN_MAX; ) {
    const page: Page<OutboxEntry> = await tx.page('outbox', 'pending', { key: PENDING, limit: OUTBOX_PAGE, after, claim: true });
    for (const entry of page.items) {
      if (claimed.length >= claim.limit) break;
      seen++;
      // Locked, and dropped by `page` if it left the pending index while waiting; checked anyway:
      // only a pending entry is given up or handed out.
      if (entry.status !== 'pending') continue;
      const link = entry.recipient ?? ((await tx.peek.get('accounts', entry.accountId)) ? await tx.peek.get('slackLinks', entry.accountId) : null);
      if (!link) {
        settleFailed(entry, NOT_LINKED);
        continue;
      }
      if (!isDue(entry, now) || (await waitsForEarlier(tx.peek, entry))) continue;
      if (entry.claimedBy !== null) {
        // The previous worker's lease ran out without a report: that counts as an attempt, so
        // an entry that crashes every sender cannot circulate for ever.
        entry.attempts += 1;
        entry.lastError = shortErrorText(`lease expired: worker ${entry.claimedBy} did not report`);
        if (entry.attempts >= OUTBOX_MAX_ATTEMPTS) {
          settleFailed(entry, entry.lastError);
          continue;
        }
      }
      entry.claimedBy = claim.workerId;
      entry.claimedUntil = iso(addMs(now, claim.leaseSeconds * 1000));
      const message = await tx.peek.get('slackMessages', entry.ref);
      claimed.push({
        entry: structuredClone(entry),
        slack: { teamId: link.teamId, userId: link.userId, ...(link.enterpriseId ? { enterpriseId: link.enterpriseId } : {}) },
        message: message && message.accountId === entry.accountId ? { channel: message.channel, ts: message.ts } : null,
      });
    }
    if (!(after = page.next)) break;
  }
  return claimed;
}
