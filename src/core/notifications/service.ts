import type { CoreContext } from '../context.ts';
import type { DeepReadonly, StoreView } from '../store/store.ts';
import type { Notification } from '../store/schema.ts';
import { AccountError } from '../errors.ts';
import { requireAccount } from '../accounts/service.ts';
import { audienceSize, canSee, insertNotification } from './model.ts';
import { checkPublishInput, resolveAudience, type PublishInput } from './validate.ts';
import { isRead, markAllReadIn, markOneReadIn } from './read-state.ts';
import { accountFeed, accountFeedIn, createUnreadCache, feedPage, feedView, scanUnread, unreadCountOf } from './feed.ts';
import { NOTIFICATION_PAGE_SIZE_DEFAULT, NOTIFICATION_PAGE_SIZE_MAX, NOTIFICATION_SEARCH_MAX_LENGTH } from './constants.ts';
import { checkText, textProblemMessage } from '../shared/text.ts';
import { toNotificationView, type AccountNotificationView, type MarkAllReadResult, type NotificationPage, type PublishResult } from './views.ts';

/** The notification `accountId` may see at `now`; NOTIFICATION_NOT_FOUND otherwise, so others' notifications do not leak. */
async function visibleNotification(view: StoreView, accountId: string, notificationId: string, now: Date): Promise<DeepReadonly<Notification>> {
  const notification = await view.get('notifications', notificationId);
  if (!notification || !(await canSee(view, notification, accountId, now))) {
    throw new AccountError('NOTIFICATION_NOT_FOUND', 'That notification does not exist or is not available to you.', { notificationId });
  }
  return notification;
}

function pageLimitOf(limit: number = NOTIFICATION_PAGE_SIZE_DEFAULT): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > NOTIFICATION_PAGE_SIZE_MAX) {
    throw new AccountError('INVALID_INPUT', `The page size must be a whole number from 1 to ${NOTIFICATION_PAGE_SIZE_MAX}.`, { field: 'limit', max: NOTIFICATION_PAGE_SIZE_MAX });
  }
  return limit;
}

const SEARCH_RULE = { min: 1, max: NOTIFICATION_SEARCH_MAX_LENGTH } as const;

/** The text a search looks for, trimmed; INVALID_INPUT when it is empty, too long or holds control or format characters. */
function searchTextOf(search: unknown): string {
  const { text, length, problem } = checkText(search, SEARCH_RULE);
  if (problem) throw new AccountError('INVALID_INPUT', textProblemMessage('A search', problem, SEARCH_RULE, length), { field: 'search', max: NOTIFICATION_SEARCH_MAX_LENGTH });
  return text;
}

export function createNotificationsService(ctx: CoreContext) {
  const { store, clock, random } = ctx;
  const unreadCache = createUnreadCache();

  /**
   * The unread count at `now` (feed.ts's scanUnread says what it reads). Cached until any process
   * changes the data or a counted notification expires: the dashboard and Slack poll it.
   */
  async function unread(accountId: string, now: Date): Promise<number> {
    // Read before the data, so a cached count is never older than the signal it is kept under.
    const signal = await store.changeSignal();
    const hit = unreadCache.get(signal, accountId, now.getTime());
    if (hit !== undefined) return hit;
    const counted = await store.view(async (view) => {
      await requireAccount(view, accountId);
      return unreadCountOf(await scanUnread(view, await accountFeed(view, accountId, now)));
    });
    unreadCache.set(signal, accountId, now.getTime(), counted);
    return counted.count;
  }

  return {
    /**
     * Operator: publishes one notification to everyone, a project's members or accounts named by
     * email. Stored once for the whole audience; Slack-linked recipients get an outbox entry in
     * the same transaction. Returns it with the number of accounts it reaches now.
     */
    async publish(input: PublishInput): Promise<PublishResult> {
      const now = clock.now();
      const checked = checkPublishInput(input, now);
      const published = await store.transact(async (tx) => {
        const audience = await resolveAudience(tx, checked.audience);
        const { kind, title, message, link, expiresAt } = checked;
        const notification = await insertNotification(tx, now, random, { kind, title, message, link, expiresAt, audience, source: 'operator' });
        return { notification: await toNotificationView(tx.peek, notification), audience };
      });
      // Counted after the commit, without locks: inside the transaction, counting everyone would lock every account.
      const recipients = await store.view((view) => audienceSize(view, published.audience));
      return { notification: published.notification, recipients };
    },

    /**
     * What `accountId` may see now (project notifications only while a member; expired ones
     * hidden), newest first, with its read state, a page at a time: pass a page's `next` as
     * `after` for the next one. `limit` 1–200 (default 50).
     *
     * With `search`, only those whose title or message contains it, in any case. Each page looks
     * at a bounded number of notifications (NOTIFICATION_SEARCH_SCAN_MAX per read), so a search
     * that finds few may return a short or empty page whose `next` is not null: read on while it
     * is. INVALID_INPUT (`field: 'search'`) for an empty or longer than
     * NOTIFICATION_SEARCH_MAX_LENGTH text, or one with control or invisible format characters.
     */
    async listForAccount(accountId: string, options: { limit?: number; after?: string | null; search?: string } = {}): Promise<NotificationPage> {
      const limit = pageLimitOf(options.limit);
      const search = options.search === undefined ? null : searchTextOf(options.search);
      const now = clock.now();
      const page = await store.view(async (view) => {
        await requireAccount(view, accountId);
        const feed = await accountFeed(view, accountId, now);
        const found = await feedPage(view, feed, { limit, after: options.after ?? null, search });
        return { items: found.items.map((notification) => feedView(feed, notification)), next: found.next };
      });
      return { ...page, unread: await unread(accountId, now) };
    },

    /** One notification as `accountId` sees it; NOTIFICATION_NOT_FOUND when it may not see it (now). */
    async getForAccount(accountId: string, notificationId: string): Promise<AccountNotificationView> {
      const now = clock.now();
      return store.view(async (view) => {
        await requireAccount(view, accountId);
        const notification = await visibleNotification(view, accountId, notificationId, now);
        return { ...(await toNotificationView(view, notification)), read: await isRead(view, accountId, notification) };
      });
    },

    /** Unread notifications `accountId` may see now: cheap to poll (cached until the data changes or one expires). */
    async unreadCount(accountId: string): Promise<number> {
      return unread(accountId, clock.now());
    },

    /**
     * Marks one notification read; idempotent. NOTIFICATION_NOT_FOUND also when the account may not
     * see it. One transaction, which writes nothing when it was read already (no journal line, no
     * NOTIFY): a separate read first would cost PostgreSQL its round trips on every real change.
     */
    async markRead(accountId: string, notificationId: string): Promise<AccountNotificationView> {
      const now = clock.now();
      return store.transact(async (tx) => {
        // Accounts are never deleted, and the notification (shared by its whole audience) and its
        // project are only consulted: all read through `peek`, so readers lock none of them;
        // markOneReadIn holds the account's read state, the one thing this changes.
        await requireAccount(tx.peek, accountId);
        const notification = await visibleNotification(tx.peek, accountId, notificationId, now);
        await markOneReadIn(tx, accountId, notification, now);
        return { ...(await toNotificationView(tx.peek, notification)), read: true };
      });
    },

    /**
     * Marks everything the account may see as read by moving its watermark to now (one stored
     * value, however many notifications exist). See `isRead` for the exact rule; what it reads
     * is bounded as the unread count is (feed.ts's scanUnread).
     */
    async markAllRead(accountId: string): Promise<MarkAllReadResult> {
      const now = clock.now();
      return store.transact(async (tx) => {
        await requireAccount(tx, accountId);
        // Holds the account's read state (what this changes); notifications and projects are only consulted (peeked).
        const feed = await accountFeedIn(tx, accountId, now);
        const unreadNow = await scanUnread(tx.peek, feed);
        const marked = await markAllReadIn(tx, accountId, now, unreadNow, (projectId) => feed.projects.get(projectId)?.joinedAt);
        const allReadAt = (await tx.get('notificationReads', accountId))!.allReadAt!;
        return { marked, allReadAt };
      });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
