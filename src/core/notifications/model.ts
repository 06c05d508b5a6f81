import type { Document, Notification, NotificationAudience, NotificationKind } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import { newId, type Random } from '../shared/random.ts';
import { iso } from '../shared/time.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';

/** True when `accountId` may see `notification` at `now`: in its audience and not expired. */
export function canSee(doc: Snapshot | Document, notification: DeepReadonly<Notification>, accountId: string, now: Date): boolean {
  if (notification.expiresAt !== null && new Date(notification.expiresAt).getTime() <= now.getTime()) return false;
  const audience = notification.audience;
  switch (audience.type) {
    case 'all':
      return true;
    case 'project':
      // Project notifications only while a member.
      return doc.projects[audience.projectId]?.members[accountId] !== undefined;
    case 'accounts':
      return audience.accountIds.includes(accountId);
  }
}

/** Account ids the audience reaches right now. */
export function audienceAccountIds(doc: Snapshot | Document, audience: DeepReadonly<NotificationAudience>): string[] {
  switch (audience.type) {
    case 'all':
      return Object.keys(doc.accounts);
    case 'project':
      return Object.keys(doc.projects[audience.projectId]?.members ?? {});
    case 'accounts':
      return [...audience.accountIds];
  }
}

/**
 * Stores one notification for its whole audience (never a copy per recipient) inside the caller's
 * transaction, and queues a Slack message for each recipient who linked Slack. Inputs must be
 * validated by the caller.
 */
export function insertNotification(
  doc: Document,
  now: Date,
  random: Random,
  input: {
    kind: NotificationKind;
    title: string;
    message: string;
    link: string | null;
    expiresAt: Date | null;
    audience: NotificationAudience;
    source: Notification['source'];
    /**
     * Queue a `notification.published` Slack DM for linked recipients. Off when the caller queues
     * a more specific message about the same thing (a token reminder), so nobody gets two DMs.
     * @default true
     */
    slackFanOut?: boolean;
  },
): Notification {
  const notification: Notification = {
    id: newId(random, 'ntf'),
    kind: input.kind,
    title: input.title,
    message: input.message,
    link: input.link,
    expiresAt: input.expiresAt ? iso(input.expiresAt) : null,
    publishedAt: iso(now),
    audience: input.audience,
    source: input.source,
  };
  doc.notifications[notification.id] = notification;
  if (input.slackFanOut === false) return notification;
  // Only linked accounts can receive a DM, so fan out over the (small) set of Slack links.
  for (const accountId of Object.keys(doc.slackLinks)) {
    if (!doc.accounts[accountId] || !canSee(doc, notification, accountId, now)) continue;
    enqueueOutbox(doc, now, random, {
      accountId,
      kind: 'notification.published',
      ref: `notification:${notification.id}:${accountId}`,
      payload: { notificationId: notification.id, kind: notification.kind, title: notification.title },
    });
  }
  return notification;
}
