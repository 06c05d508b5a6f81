import type { Notification, NotificationKind } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';

/** Who a notification is for, as a reader may know it (never the other recipients' ids). */
export type NotificationAudienceView =
  | { readonly type: 'all' }
  | { readonly type: 'project'; readonly projectId: string; readonly projectName: string | null }
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

/** One page of an account's notifications, newest first. */
export interface NotificationPage {
  readonly items: readonly AccountNotificationView[];
  /** Notifications the account may see right now, on all pages. */
  readonly total: number;
  /** How many of those are unread. */
  readonly unread: number;
  readonly offset: number;
  readonly limit: number;
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

export function toNotificationView(doc: Snapshot, notification: DeepReadonly<Notification>): NotificationView {
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
    audience:
      audience.type === 'project'
        ? { type: 'project', projectId: audience.projectId, projectName: doc.projects[audience.projectId]?.name ?? null }
        : { type: audience.type },
  };
}
