import type { Notification, NotificationKind } from '../store/schema.ts';
import type { DeepReadonly, Page, StoreView } from '../store/store.ts';

/** Who a notification is for, as a reader may know it (never the other recipients' ids). */
export type NotificationAudienceView =
  | { readonly type: 'all' }
  | { readonly type: 'project'; readonly projectId: string; readonly projectName: string | null; readonly projectNumericId: number | null }
  | { readonly type: 'accounts' };

/** What front ends see of a notification. Times are ISO-8601 UTC. */
export interface NotificationView {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly message: string;
  readonly link: string | null;
  readonly publishedAt: string;
  readonly expiresAt: string | null;
  /** `operator`: published by platform staff; `system`: generated (e.g. a limit breach). */
  readonly source: Notification['source'];
  readonly audience: NotificationAudienceView;
}

/** A notification in one account's list, with that account's read state. */
export interface AccountNotificationView extends NotificationView {
  readonly read: boolean;
}

/**
 * One page of an account's notifications, newest first: pass `next` as `after` for the next
 * (older) one. A page may hold fewer than `limit` even when `next` is not null (expired
 * notifications are left out after they were read).
 */
export interface NotificationPage extends Page<AccountNotificationView> {
  /** Unread notifications the account may see right now, on all pages (as `unreadCount`). */
  readonly unread: number;
}

/** What publishing did. */
export interface PublishResult {
  readonly notification: NotificationView;
  /** Accounts the notification reaches at the time it was published. */
  readonly recipients: number;
}

/** What "mark all read" did. */
export interface MarkAllReadResult {
  /** Unread notifications that became read. */
  readonly marked: number;
  /** The account's new watermark: everything published strictly before it is read. */
  readonly allReadAt: string;
}

/** What front ends see of `notification`, the project's name read through `view` (in a transaction, its `peek`). */
export async function toNotificationView(view: StoreView, notification: DeepReadonly<Notification>): Promise<NotificationView> {
  const audience = notification.audience;
  const project = audience.type === 'project' ? await view.get('projects', audience.projectId) : null;
  return notificationView(notification, project ? { name: project.name, numericId: project.numericId } : null);
}

/** What front ends see of `notification`; `project` is its project (null when gone), for a project notice. */
export function notificationView(notification: DeepReadonly<Notification>, project: { readonly name: string; readonly numericId: number } | null): NotificationView {
  const audience = notification.audience;
  return {
    id: notification.id,
    kind: notification.kind,
    title: notification.title,
    message: notification.message,
    link: notification.link,
    publishedAt: notification.publishedAt,
    expiresAt: notification.expiresAt,
    source: notification.source,
    audience: audience.type === 'project' ? { type: 'project', projectId: audience.projectId, projectName: project?.name ?? null, projectNumericId: project?.numericId ?? null } : { type: audience.type },
  };
}
