import type { Token } from '../store/schema.ts';
import type { DeepReadonly, Page, StoreTransaction, StoreView } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { ALL } from '../store/indexes.ts';
import { addMs, iso, MS_PER_DAY } from '../shared/time.ts';
import { insertNotification } from '../notifications/model.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { TOKEN_REMINDER_DAYS, type TokenReminder } from './constants.ts';
import { tokenState } from './lifecycle.ts';

/** Most urgent last, like TOKEN_REMINDER_DAYS. */
const REMINDERS = (Object.keys(TOKEN_REMINDER_DAYS) as TokenReminder[]).sort((a, b) => TOKEN_REMINDER_DAYS[b] - TOKEN_REMINDER_DAYS[a]);

/** Tokens read per page while looking for reminders due. */
const REMINDER_PAGE = 200;

/** The instant (ms) a reminder falls due: that many days before expiry. */
const dueAt = (token: DeepReadonly<Token>, reminder: TokenReminder): number =>
  new Date(token.expiresAt).getTime() - TOKEN_REMINDER_DAYS[reminder] * MS_PER_DAY;

/**
 * The reminders `token` should get now, most urgent last. Rules:
 * - a reminder whose moment is at or before the token's creation never applies (a token created
 *   with 3 days left gets no "7 days" reminder, only the "1 day" one when its time comes);
 * - nothing for a token that has expired, was rotated or revoked;
 * - each reminder once (`remindersSent`).
 * When several are due at once (no process ran for days), the caller sends only the most urgent
 * and marks the others as sent, so the owner never gets "7 days" and "1 day" together.
 */
export function dueReminders(token: DeepReadonly<Token>, now: Date): TokenReminder[] {
  const nowMs = now.getTime();
  // A rotated or revoked token has nothing to be reminded of: its replacement (if any) has its own expiry.
  if (tokenState(token, now) !== 'active') return [];
  const createdMs = new Date(token.createdAt).getTime();
  return REMINDERS.filter((reminder) => {
    const at = dueAt(token, reminder);
    return at > createdMs && at <= nowMs && !token.remindersSent.includes(reminder);
  });
}

/**
 * The part of the `expiry` index where a reminder can be due at `now`: tokens expiring after now
 * and at most the earliest reminder's days ahead. Everything else either expired or is not due
 * yet, so neither the check nor the sending reads it.
 */
function dueWindow(now: Date): { from: string; before: string } {
  const aheadMs = Math.max(...Object.values(TOKEN_REMINDER_DAYS)) * MS_PER_DAY;
  return { from: iso(addMs(now, 1)), before: iso(addMs(now, aheadMs + 1)) };
}

/** True when any token needs a reminder: lets callers skip the transaction. Reads only the due window. */
export async function anyReminderDue(reader: StoreView, now: Date): Promise<boolean> {
  for (let after: string | null = null; ; ) {
    const page: Page<DeepReadonly<Token>> = await reader.page('tokens', 'expiry', { key: ALL, limit: REMINDER_PAGE, after, ...dueWindow(now) });
    for (const token of page.items) {
      if (dueReminders(token, now).length > 0 && (await reader.get('accounts', token.accountId)) !== null) return true;
    }
    if (!(after = page.next)) return false;
  }
}

const inWords = (reminder: TokenReminder): string => {
  const days = TOKEN_REMINDER_DAYS[reminder];
  return days === 1 ? '1 day' : `${days} days`;
};

/** Reminders sent by one transaction at most: a backlog (no process ran for days) is sent in several. */
export const REMINDER_BATCH = 100;

/** What one `sendDueReminders` did, and where the next one goes on. */
export interface ReminderBatch {
  /** Reminders sent (a token's most urgent due reminder counts once). */
  readonly sent: number;
  /** More may be due than this batch could send: call again with `after` (same `now`). */
  readonly more: boolean;
  /** Where the next batch starts reading the due window; null: from its start. */
  readonly after: string | null;
}

/**
 * Inside the caller's transaction: for up to `limit` tokens with a reminder due (REMINDER_BATCH by
 * default), a notification to its owner, a `token.expiring` outbox entry (for a linked Slack user),
 * a security event, and the reminders marked as sent. With `more`, call again (a new transaction)
 * with the returned `after` until it is false.
 *
 * The due window is read a page at a time without locks (`tx.peek`): most tokens in it are not
 * due, and locking them would hold up their `verify` for the whole transaction. Only the tokens
 * due are then locked (`tx.get`, in the window's order and before anything else, so two senders
 * or a token's deletion wait instead of deadlocking) and checked again: one another process
 * reminded, or deleted, meanwhile is left alone, so each reminder is sent once.
 */
export async function sendDueReminders(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  options: { readonly after?: string | null; readonly limit?: number } = {},
): Promise<ReminderBatch> {
  const limit = options.limit ?? REMINDER_BATCH;
  const dueIds: string[] = [];
  let more = false;
  let resume: string | null = options.after ?? null;
  scan: for (let after: string | null = resume; ; ) {
    const page: Page<DeepReadonly<Token>> = await tx.peek.page('tokens', 'expiry', { key: ALL, limit: REMINDER_PAGE, after, ...dueWindow(now) });
    for (const token of page.items) {
      if (dueReminders(token, now).length === 0 || !(await tx.peek.get('accounts', token.accountId))) continue;
      if (dueIds.length >= limit) {
        // The next batch reads this page again: the ones sent here are no longer due by then.
        more = true;
        resume = after;
        break scan;
      }
      dueIds.push(token.id);
    }
    if (!(after = page.next)) break;
  }
  const tokens: Token[] = [];
  for (const id of dueIds) {
    const token = await tx.get('tokens', id);
    if (token && dueReminders(token, now).length > 0) tokens.push(token);
  }
  for (const token of tokens) {
    const due = dueReminders(token, now);
    await sendReminder(tx, now, random, token, due.at(-1)!);
    token.remindersSent.push(...due);
  }
  return { sent: tokens.length, more, after: more ? resume : null };
}

/** The outbox entry of a token's reminder: one ref per reminder, so each is its own DM. */
function reminderEntry(token: DeepReadonly<Token>, reminder: TokenReminder) {
  return {
    accountId: token.accountId,
    kind: 'token.expiring' as const,
    ref: `token:${token.id}:${reminder}`,
    payload: { tokenId: token.id, description: token.description, hint: token.hint, expiresAt: token.expiresAt, reminder },
  };
}

/**
 * Inside the transaction that deletes a token: each reminder DM already showing in Slack is queued
 * again, so the sender renders it as the token now stands (gone) and its "Create a new token"
 * advice does not linger. A reminder not delivered yet needs nothing: it is rendered at delivery.
 */
export async function queueReminderUpdates(tx: StoreTransaction, now: Date, random: Random, token: DeepReadonly<Token>): Promise<void> {
  for (const reminder of token.remindersSent) {
    const entry = reminderEntry(token, reminder);
    if (await tx.peek.get('slackMessages', entry.ref)) await enqueueOutbox(tx, now, random, entry);
  }
}

async function sendReminder(tx: StoreTransaction, now: Date, random: Random, token: Token, reminder: TokenReminder): Promise<void> {
  const expiresOn = token.expiresAt.slice(0, 10);
  await insertNotification(tx, now, random, {
    kind: 'announcement',
    title: `Access token "${token.description}" expires in ${inWords(reminder)}`,
    message:
      `Your Management API access token "${token.description}" (ending in ${token.hint}) expires on ${expiresOn} ` +
      `(${token.expiresAt}). Create a new token and switch whatever uses this one before then; tokens cannot be extended.`,
    link: null,
    // Once the token has expired the reminder has nothing left to say.
    expiresAt: new Date(token.expiresAt),
    audience: { type: 'accounts', accountIds: [token.accountId] },
    source: 'system',
    // The token.expiring entry below is the Slack reminder; one DM is enough.
    slackFanOut: false,
  });
  await enqueueOutbox(tx, now, random, reminderEntry(token, reminder));
  await recordSecurityEvent(tx, now, random, token.accountId, 'token.expiring', {
    description: token.description,
    hint: token.hint,
    expiresAt: token.expiresAt,
    reminder,
  });
}
