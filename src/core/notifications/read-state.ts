import type { Notification, NotificationReadState } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction, StoreView } from '../store/store.ts';
import { iso } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';

const ms = (time: string): number => Date.parse(time);

/** When the account joined the project `projectId`; undefined when it is not a member. */
export type JoinedAt = (projectId: string) => string | undefined;

/**
 * The definition of "read": a notification is read by an account when the account marked it
 * read itself (`read[id]`), or when it was published STRICTLY BEFORE the account's last
 * "mark all read" (`allReadAt`). A notification published in the same millisecond as that
 * watermark therefore counts as unread unless it got its own `read[id]` entry — which
 * `markAllReadIn` gives every notification that existed at the time and is not strictly older
 * than the watermark. So notifications sharing one `publishedAt` are told apart by id, never
 * by time, and one published right after "mark all read" in the same millisecond stays unread.
 */
export async function isRead(view: StoreView, accountId: string, notification: DeepReadonly<Notification>): Promise<boolean> {
  const state = await view.get('notificationReads', accountId);
  const audience = notification.audience;
  const project = audience.type === 'project' ? await view.get('projects', audience.projectId) : null;
  return isReadWith(state, notification, () => (project ? ownEntry(project.members, accountId)?.joinedAt : undefined));
}

/** isRead with the account's read state and project memberships already read (the feed reads them once). */
export function isReadWith(state: DeepReadonly<NotificationReadState> | null, notification: DeepReadonly<Notification>, joinedAt: JoinedAt): boolean {
  if (!state) return false;
  if (ownEntry(state.read, notification.id) !== undefined) return true;
  return state.allReadAt !== null && coveredByWatermark(notification, ms(state.allReadAt), joinedAt);
}

/**
 * Whether "mark all read" at `watermarkMs` covered `notification`: it was published before, and
 * the account could see it then. A project notice counts only if the account had joined the
 * project before the watermark — someone who joins later still finds the project's notices unread.
 */
export function coveredByWatermark(notification: DeepReadonly<Notification>, watermarkMs: number, joinedAt: JoinedAt): boolean {
  if (ms(notification.publishedAt) >= watermarkMs) return false;
  if (notification.audience.type !== 'project') return true;
  const joined = joinedAt(notification.audience.projectId);
  return joined !== undefined && ms(joined) < watermarkMs;
}

/**
 * A new account's read state: what was published before it existed counts as read. Its list
 * still shows the broadcasts in effect (a deprecation that applies to everyone), but the bell
 * starts at what is new to it, as a mailing list does not deliver its archive to a new member.
 * Notices of a project it joins later are unread all the same (coveredByWatermark): joining makes
 * them new to it. Written in the transaction that creates the account.
 */
export function startReadStateIn(tx: StoreTransaction, accountId: string, createdAt: Date): void {
  tx.put('notificationReads', accountId, { allReadAt: iso(createdAt), read: {} });
}

/**
 * The account's read state, the transaction's own copy (read through `tx.get`: it is what the
 * transaction changes); a new empty one is added when it has none.
 */
async function stateOf(tx: StoreTransaction, accountId: string): Promise<NotificationReadState> {
  const existing = await tx.get('notificationReads', accountId);
  if (existing) return existing;
  const state: NotificationReadState = { allReadAt: null, read: {} };
  tx.put('notificationReads', accountId, state);
  return state;
}

/**
 * Marks one notification read inside the caller's transaction; false when it already was. Holds
 * only the account's read state; the notification's project is consulted through `tx.peek`.
 */
export async function markOneReadIn(tx: StoreTransaction, accountId: string, notification: DeepReadonly<Notification>, now: Date): Promise<boolean> {
  const state = await tx.get('notificationReads', accountId);
  const audience = notification.audience;
  const project = audience.type === 'project' ? await tx.peek.get('projects', audience.projectId) : null;
  if (isReadWith(state, notification, () => (project ? ownEntry(project.members, accountId)?.joinedAt : undefined))) return false;
  (state ?? (await stateOf(tx, accountId))).read[notification.id] = iso(now);
  return true;
}

/**
 * "Mark all read" inside the caller's transaction. Stores one watermark instead of one entry per
 * notification, so the account's read state stays small however many notifications exist; only
 * notifications at or after the watermark's instant (same millisecond, or stamped ahead by a
 * process whose clock runs fast) get their own entry. Entries the watermark now covers are
 * dropped. The watermark never moves backwards. `unread` are the account's unread notifications
 * it may see now (feed.ts's scanUnread, read through this transaction's `peek`); returns how many
 * became read.
 */
export async function markAllReadIn(
  tx: StoreTransaction,
  accountId: string,
  now: Date,
  unread: readonly DeepReadonly<Notification>[],
  joinedAt: JoinedAt,
): Promise<number> {
  const state = await stateOf(tx, accountId);
  const watermark = Math.max(now.getTime(), state.allReadAt === null ? 0 : ms(state.allReadAt));
  for (const notification of unread) {
    if (!coveredByWatermark(notification, watermark, joinedAt)) state.read[notification.id] = iso(now);
  }
  state.allReadAt = iso(new Date(watermark));
  // The entries are the account's own clicks since its last "mark all read": few, each read by id
  // (only consulted: a broadcast notification is every account's, so it is peeked, not locked).
  for (const id of Object.keys(state.read)) {
    const notification = await tx.peek.get('notifications', id);
    if (!notification || coveredByWatermark(notification, watermark, joinedAt)) delete state.read[id];
  }
  return unread.length;
}
