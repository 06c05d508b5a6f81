import type { Document, Token } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { MS_PER_DAY } from '../shared/time.ts';
import { peekValues } from '../store/changes.ts';
import { insertNotification } from '../notifications/model.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { TOKEN_REMINDER_DAYS, type TokenReminder } from './constants.ts';

/** Most urgent last, like TOKEN_REMINDER_DAYS. */
const REMINDERS = (Object.keys(TOKEN_REMINDER_DAYS) as TokenReminder[]).sort((a, b) => TOKEN_REMINDER_DAYS[b] - TOKEN_REMINDER_DAYS[a]);

/** The instant (ms) a reminder falls due: that many days before expiry. */
const dueAt = (token: DeepReadonly<Token>, reminder: TokenReminder): number =>
  new Date(token.expiresAt).getTime() - TOKEN_REMINDER_DAYS[reminder] * MS_PER_DAY;

/**
 * The reminders `token` should get now, most urgent last. Rules:
 * - a reminder whose moment is at or before the token's creation never applies (a token created
 *   with 3 days left gets no "7 days" reminder, only the "1 day" one when its time comes);
 * - nothing for a token that has expired;
 * - each reminder once (`remindersSent`).
 * When several are due at once (no process ran for days), the caller sends only the most urgent
 * and marks the others as sent, so the owner never gets "7 days" and "1 day" together.
 */
export function dueReminders(token: DeepReadonly<Token>, now: Date): TokenReminder[] {
  const nowMs = now.getTime();
  if (new Date(token.expiresAt).getTime() <= nowMs) return [];
  const createdMs = new Date(token.createdAt).getTime();
  return REMINDERS.filter((reminder) => {
    const at = dueAt(token, reminder);
    return at > createdMs && at <= nowMs && !token.remindersSent.includes(reminder);
  });
}

/** True when any token in the snapshot needs a reminder: lets callers skip the transaction. */
export function anyReminderDue(doc: Snapshot, now: Date): boolean {
  return Object.values(doc.tokens).some((token) => doc.accounts[token.accountId] !== undefined && dueReminders(token, now).length > 0);
}

const inWords = (reminder: TokenReminder): string => {
  const days = TOKEN_REMINDER_DAYS[reminder];
  return days === 1 ? '1 day' : `${days} days`;
};

/**
 * Inside the caller's transaction: for every token with a reminder due, a notification to its
 * owner, a `token.expiring` outbox entry (for a linked Slack user), a security event, and the
 * reminders marked as sent. Returns how many reminders were sent.
 */
export function sendDueReminders(doc: Document, now: Date, random: Random): number {
  let sent = 0;
  for (const peeked of peekValues(doc.tokens)) {
    const due = dueReminders(peeked, now);
    const reminder = due.at(-1);
    if (reminder === undefined || !doc.accounts[peeked.accountId]) continue;
    const token = doc.tokens[peeked.id]!;
    const expiresOn = token.expiresAt.slice(0, 10);
    insertNotification(doc, now, random, {
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
    enqueueOutbox(doc, now, random, {
      accountId: token.accountId,
      kind: 'token.expiring',
      ref: `token:${token.id}:${reminder}`,
      payload: { tokenId: token.id, description: token.description, hint: token.hint, expiresAt: token.expiresAt, reminder },
    });
    recordSecurityEvent(doc, now, random, token.accountId, 'token.expiring', {
      description: token.description,
      hint: token.hint,
      expiresAt: token.expiresAt,
      reminder,
    });
    token.remindersSent.push(...due);
    sent++;
  }
  return sent;
}
