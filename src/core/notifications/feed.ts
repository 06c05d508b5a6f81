import type { Notification } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import { canSee } from './model.ts';
import { isRead } from './read-state.ts';

type StoredNotification = DeepReadonly<Notification>;

interface CachedCount {
  readonly count: number;
  /** The count holds for clock readings in [from, until): the next expiry may change it. */
  readonly from: number;
  readonly until: number;
}

/**
 * Per-snapshot memory for the notification reads front ends repeat: the dashboard polls the
 * unread count, and the store hands back the same snapshot object until some process changes
 * the data, so both caches are keyed by that object and vanish with it. Nothing here is shared
 * between cores.
 */
export function createNotificationFeed() {
  const sorted = new WeakMap<Snapshot, readonly StoredNotification[]>();
  const unread = new WeakMap<Snapshot, Map<string, CachedCount>>();

  /** Every stored notification, newest first (ties by id, so the order is stable). */
  function newestFirst(doc: Snapshot): readonly StoredNotification[] {
    let list = sorted.get(doc);
    if (!list) {
      list = Object.values(doc.notifications)
        .map((notification) => ({ notification, at: Date.parse(notification.publishedAt) }))
        .sort((a, b) => b.at - a.at || (a.notification.id < b.notification.id ? 1 : a.notification.id > b.notification.id ? -1 : 0))
        .map((entry) => entry.notification);
      sorted.set(doc, list);
    }
    return list;
  }

  /** Unread notifications `accountId` may see at `now`; recomputed only when the data changed or one expired. */
  function unreadCount(doc: Snapshot, accountId: string, now: Date): number {
    const time = now.getTime();
    let perAccount = unread.get(doc);
    if (!perAccount) unread.set(doc, (perAccount = new Map()));
    const hit = perAccount.get(accountId);
    if (hit && time >= hit.from && time < hit.until) return hit.count;

    let count = 0;
    let until = Number.POSITIVE_INFINITY;
    for (const notification of Object.values(doc.notifications)) {
      if (isRead(doc, accountId, notification) || !canSee(doc, notification, accountId, now)) continue;
      count++;
      if (notification.expiresAt !== null) until = Math.min(until, Date.parse(notification.expiresAt));
    }
    perAccount.set(accountId, { count, from: time, until });
    return count;
  }

  return { newestFirst, unreadCount };
}
