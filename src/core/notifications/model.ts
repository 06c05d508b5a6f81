import type { Account, Notification, NotificationAudience, NotificationKind, SlackLink } from '../store/schema.ts';
import type { DeepReadonly, Page, StoreTransaction, StoreView } from '../store/store.ts';
import { ALL } from '../store/indexes.ts';
import { newId, type Random } from '../shared/random.ts';
import { iso } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';

/** True when `accountId` may see `notification` at `now`: in its audience and not expired. */
export async function canSee(view: StoreView, notification: DeepReadonly<Notification>, accountId: string, now: Date): Promise<boolean> {
  const audience = notification.audience;
  const project = audience.type === 'project' ? await view.get('projects', audience.projectId) : null;
  return canSeeWith(notification, accountId, now, () => project ? ownEntry(project.members, accountId) !== undefined : false);
}

/**
 * canSee's rule with the account's project membership given by `isMember`: for the feed, which
 * read the account's projects once.
 */
export function canSeeWith(notification: DeepReadonly<Notification>, accountId: string, now: Date, isMember: (projectId: string) => boolean): boolean {
  if (notification.expiresAt !== null && new Date(notification.expiresAt).getTime() <= now.getTime()) return false;
  const audience = notification.audience;
  switch (audience.type) {
    case 'all':
      return true;
    case 'project':
      // Project notifications only while a member.
      return isMember(audience.projectId);
    case 'accounts':
      return audience.accountIds.includes(accountId);
  }
}

/**
 * How many accounts the audience reaches right now. Everyone is counted a page at a time: an
 * operator's answer, not a request path. Read it through a view, outside any transaction: in one,
 * counting everyone would lock every account.
 */
export async function audienceSize(view: StoreView, audience: DeepReadonly<NotificationAudience>): Promise<number> {
  switch (audience.type) {
    case 'all': {
      let count = 0;
      for (let after: string | null = null; ; ) {
        const page: Page<DeepReadonly<Account>> = await view.page('accounts', 'all', { key: ALL, limit: FAN_OUT_PAGE, after });
        count += page.items.length;
        if (!(after = page.next)) return count;
      }
    }
    case 'project':
      return Object.keys((await view.get('projects', audience.projectId))?.members ?? {}).length;
    case 'accounts':
      return audience.accountIds.length;
  }
}

/** Entries read per page when a notification fans out to every linked Slack user. */
const FAN_OUT_PAGE = 500;

/**
 * Stores one notification for its whole audience (never a copy per recipient) inside the caller's
 * transaction, and queues a Slack message for each recipient who linked Slack. Inputs must be
 * validated by the caller.
 */
export async function insertNotification(
  tx: StoreTransaction,
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
): Promise<Notification> {
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
  tx.put('notifications', notification.id, notification);
  if (input.slackFanOut === false) return notification;
  // Only linked accounts can receive a DM: fan out over the Slack links (the audience's, when it is a list).
  // The links, accounts and projects are only consulted, never changed: read through `peek`, so
  // publishing to everyone does not lock every linked account (or hold up whoever works on one).
  const { peek } = tx;
  const recipients = async (accountId: string) => {
    if (!(await peek.get('accounts', accountId)) || !(await canSee(peek, notification, accountId, now))) return;
    await enqueueOutbox(tx, now, random, {
      accountId,
      kind: 'notification.published',
      ref: `notification:${notification.id}:${accountId}`,
      payload: { notificationId: notification.id, kind: notification.kind, title: notification.title },
    });
  };
  if (input.audience.type !== 'all') {
    const ids = input.audience.type === 'accounts' ? input.audience.accountIds : Object.keys((await peek.get('projects', input.audience.projectId))?.members ?? {});
    for (const accountId of ids) await recipients(accountId);
    return notification;
  }
  for (let after: string | null = null; ; ) {
    const page: Page<DeepReadonly<SlackLink>> = await peek.page('slackLinks', 'all', { key: ALL, limit: FAN_OUT_PAGE, after });
    for (const link of page.items) await recipients(link.accountId);
    if (!(after = page.next)) return notification;
  }
}
