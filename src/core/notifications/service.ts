import type { CoreContext } from '../context.ts';
import type { Document, Notification } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { requireAccount } from '../accounts/service.ts';
import { audienceAccountIds, canSee, insertNotification } from './model.ts';
import { checkPublishInput, resolveAudience, type PublishInput } from './validate.ts';
import { isRead, markAllReadIn, markOneReadIn } from './read-state.ts';
import { createNotificationFeed } from './feed.ts';
import { NOTIFICATION_PAGE_SIZE_DEFAULT, NOTIFICATION_PAGE_SIZE_MAX } from './constants.ts';
import {
  toNotificationView,
  type AccountNotificationView,
  type MarkAllReadResult,
  type NotificationPage,
  type PublishResult,
} from './views.ts';

/** The notification `accountId` may see at `now`; NOTIFICATION_NOT_FOUND otherwise, so others' notifications do not leak. */
function visibleNotification<D extends Snapshot | Document>(doc: D, accountId: string, notificationId: string, now: Date): D['notifications'][string] {
  const notification = doc.notifications[notificationId];
  if (!notification || !canSee(doc, notification as DeepReadonly<Notification>, accountId, now)) {
    throw new AccountError('NOTIFICATION_NOT_FOUND', 'That notification does not exist or is not available to you.', { notificationId });
  }
  return notification as D['notifications'][string];
}

function pageOf(options: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = options.limit ?? NOTIFICATION_PAGE_SIZE_DEFAULT;
  const offset = options.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > NOTIFICATION_PAGE_SIZE_MAX) {
    throw new AccountError('INVALID_INPUT', `The page size must be a whole number from 1 to ${NOTIFICATION_PAGE_SIZE_MAX}.`, { field: 'limit', max: NOTIFICATION_PAGE_SIZE_MAX });
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new AccountError('INVALID_INPUT', 'The offset must be a whole number of at least 0.', { field: 'offset' });
  }
  return { limit, offset };
}

export function createNotificationsService(ctx: CoreContext) {
  const { store, clock, random } = ctx;
  const feed = createNotificationFeed();

  return {
    /**
     * Operator: publishes one notification to everyone, a project's members or accounts named by
     * email. Stored once for the whole audience; Slack-linked recipients get an outbox entry in
     * the same transaction. Returns it with the number of accounts it reaches now.
     */
    async publish(input: PublishInput): Promise<PublishResult> {
      const now = clock.now();
      const checked = checkPublishInput(input, now);
      return store.transact((doc) => {
        const audience = resolveAudience(doc, checked.audience);
        const { kind, title, message, link, expiresAt } = checked;
        const notification = insertNotification(doc, now, random, { kind, title, message, link, expiresAt, audience, source: 'operator' });
        return { notification: toNotificationView(doc, notification), recipients: audienceAccountIds(doc, audience).length };
      });
    },

    /**
     * What `accountId` may see now (project notifications only while a member; expired ones
     * hidden), newest first, with its read state. `limit` 1–200 (default 50), `offset` ≥ 0.
     */
    async listForAccount(accountId: string, options: { limit?: number; offset?: number } = {}): Promise<NotificationPage> {
      const { limit, offset } = pageOf(options);
      const doc = await store.read();
      requireAccount(doc, accountId);
      const now = clock.now();
      const items: AccountNotificationView[] = [];
      let total = 0;
      let unread = 0;
      for (const notification of feed.newestFirst(doc)) {
        if (!canSee(doc, notification, accountId, now)) continue;
        const read = isRead(doc, accountId, notification);
        if (!read) unread++;
        if (total >= offset && items.length < limit) items.push({ ...toNotificationView(doc, notification), read });
        total++;
      }
      return { items, total, unread, offset, limit };
    },

    /** One notification as `accountId` sees it; NOTIFICATION_NOT_FOUND when it may not see it (now). */
    async getForAccount(accountId: string, notificationId: string): Promise<AccountNotificationView> {
      const doc = await store.read();
      requireAccount(doc, accountId);
      const notification = visibleNotification(doc, accountId, notificationId, clock.now());
      return { ...toNotificationView(doc, notification), read: isRead(doc, accountId, notification) };
    },

    /** Unread notifications `accountId` may see now: cheap to poll (cached until the data changes or one expires). */
    async unreadCount(accountId: string): Promise<number> {
      const doc = await store.read();
      requireAccount(doc, accountId);
      return feed.unreadCount(doc, accountId, clock.now());
    },

    /** Marks one notification read; idempotent. NOTIFICATION_NOT_FOUND also when the account may not see it. */
    async markRead(accountId: string, notificationId: string): Promise<AccountNotificationView> {
      const now = clock.now();
      const snapshot = await store.read();
      requireAccount(snapshot, accountId);
      const seen = visibleNotification(snapshot, accountId, notificationId, now);
      // Already read: answer without a write, so repeated clicks do not churn the shared file.
      if (isRead(snapshot, accountId, seen)) return { ...toNotificationView(snapshot, seen), read: true };
      return store.transact((doc) => {
        requireAccount(doc, accountId);
        const notification = visibleNotification(doc, accountId, notificationId, now);
        markOneReadIn(doc, accountId, notification, now);
        return { ...toNotificationView(doc, notification), read: true };
      });
    },

    /**
     * Marks everything the account may see as read by moving its watermark to now (one stored
     * value, however many notifications exist). See `isRead` for the exact rule.
     */
    async markAllRead(accountId: string): Promise<MarkAllReadResult> {
      const now = clock.now();
      return store.transact((doc) => {
        requireAccount(doc, accountId);
        const marked = markAllReadIn(doc, accountId, now, (notification) => canSee(doc, notification, accountId, now));
        return { marked, allReadAt: doc.notificationReads[accountId]!.allReadAt! };
      });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
