import type { Document, Notification, NotificationReadState } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import { iso } from '../shared/time.ts';
import { peekValues } from '../store/changes.ts';

const ms = (time: string): number => Date.parse(time);

/**
 * The definition of "read": a notification is read by an account when the account marked it
 * read itself (`read[id]`), or when it was published STRICTLY BEFORE the account's last
 * "mark all read" (`allReadAt`). A notification published in the same millisecond as that
 * watermark therefore counts as unread unless it got its own `read[id]` entry — which
 * `markAllReadIn` gives every notification that existed at the time and is not strictly older
 * than the watermark. So notifications sharing one `publishedAt` are told apart by id, never
 * by time, and one published right after "mark all read" in the same millisecond stays unread.
 */
export function isRead(doc: Snapshot | Document, accountId: string, notification: DeepReadonly<Notification>): boolean {
  const state = doc.notificationReads[accountId];
  if (!state) return false;
  if (state.read[notification.id] !== undefined) return true;
  return state.allReadAt !== null && coveredByWatermark(doc, accountId, notification, ms(state.allReadAt));
}

/**
 * Whether "mark all read" at `watermarkMs` covered `notification`: it was published before, and
 * the account could see it then. A project notice counts only if the account had joined the
 * project before the watermark — someone who joins later still finds the project's notices unread.
 */
function coveredByWatermark(doc: Snapshot | Document, accountId: string, notification: DeepReadonly<Notification>, watermarkMs: number): boolean {
  if (ms(notification.publishedAt) >= watermarkMs) return false;
  if (notification.audience.type !== 'project') return true;
  const member = doc.projects[notification.audience.projectId]?.members[accountId];
  return member !== undefined && ms(member.joinedAt) < watermarkMs;
}

function stateOf(doc: Document, accountId: string): NotificationReadState {
  return (doc.notificationReads[accountId] ??= { allReadAt: null, read: {} });
}

/** Marks one notification read inside the caller's transaction; false when it already was. */
export function markOneReadIn(doc: Document, accountId: string, notification: Notification, now: Date): boolean {
  if (isRead(doc, accountId, notification)) return false;
  stateOf(doc, accountId).read[notification.id] = iso(now);
  return true;
}

/**
 * "Mark all read" inside the caller's transaction. Stores one watermark instead of one entry per
 * notification, so the account's read state stays small however many notifications exist; only
 * notifications at or after the watermark's instant (same millisecond, or stamped ahead by a
 * process whose clock runs fast) get their own entry. Entries the watermark now covers are
 * dropped. The watermark never moves backwards. Returns how many unread notifications that
 * `visible` accepts became read.
 */
export function markAllReadIn(doc: Document, accountId: string, now: Date, visible: (notification: DeepReadonly<Notification>) => boolean): number {
  const state = stateOf(doc, accountId);
  const watermark = Math.max(now.getTime(), state.allReadAt === null ? 0 : ms(state.allReadAt));
  let marked = 0;
  // Read as stored, not copied into the draft: only the read state changes.
  for (const notification of peekValues(doc.notifications)) {
    if (!visible(notification) || isRead(doc, accountId, notification)) continue;
    marked++;
    if (!coveredByWatermark(doc, accountId, notification, watermark)) state.read[notification.id] = iso(now);
  }
  state.allReadAt = iso(new Date(watermark));
  for (const id of Object.keys(state.read)) {
    const notification = doc.notifications[id];
    if (!notification || coveredByWatermark(doc, accountId, notification, watermark)) delete state.read[id];
  }
  return marked;
}
