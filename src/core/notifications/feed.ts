import type { Notification, NotificationReadState } from '../store/schema.ts';
import { PAGE_LIMIT_MAX, type DeepReadonly, type Page, type StoreTransaction, type StoreView } from '../store/store.ts';
import { iso } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';
import { audienceKeys } from './indexes.ts';
import { canSeeWith } from './model.ts';
import { isReadWith } from './read-state.ts';
import { NOTIFICATION_SEARCH_SCAN_MAX, NOTIFICATION_UNREAD_SCAN_MAX } from './constants.ts';
import { notificationView, type AccountNotificationView } from './views.ts';

type StoredNotification = DeepReadonly<Notification>;

/**
 * What one account's notifications are read against, read once per request: the audience keys
 * they are filed under (`all`, its `account:ID`, a `project:ID` per project it is a member of),
 * its read state and its projects.
 */
export interface AccountFeed {
  readonly accountId: string;
  readonly now: Date;
  readonly keys: readonly string[];
  readonly state: DeepReadonly<NotificationReadState> | null;
  /** The account's projects by id: when it joined, and the name. */
  readonly projects: ReadonlyMap<string, { readonly joinedAt: string; readonly name: string; readonly numericId: number }>;
}

/** The feed of `accountId` at `now`; its projects come from the `member` index (bounded per account). */
export async function accountFeed(view: StoreView, accountId: string, now: Date): Promise<AccountFeed> {
  return feedOf(view, accountId, now, await view.get('notificationReads', accountId));
}

/**
 * accountFeed inside a transaction that changes the account's read state ("mark all read"): the
 * read state is read through `tx.get` (held until the transaction ends), the projects through
 * `tx.peek` (only consulted: members of a project do not lock it for each other).
 */
export async function accountFeedIn(tx: StoreTransaction, accountId: string, now: Date): Promise<AccountFeed> {
  return feedOf(tx.peek, accountId, now, await tx.get('notificationReads', accountId));
}

async function feedOf(view: StoreView, accountId: string, now: Date, state: DeepReadonly<NotificationReadState> | null): Promise<AccountFeed> {
  const projects = new Map<string, { joinedAt: string; name: string; numericId: number }>();
  for (const project of await view.find('projects', 'member', accountId)) {
    const member = ownEntry(project.members, accountId);
    if (member) projects.set(project.id, { joinedAt: member.joinedAt, name: project.name, numericId: project.numericId });
  }
  const keys = [...audienceKeys({ type: 'all' }), ...audienceKeys({ type: 'accounts', accountIds: [accountId] }), ...[...projects.keys()].flatMap(projectKey)];
  return { accountId, now, keys, state, projects };
}

const projectKey = (projectId: string): string[] => audienceKeys({ type: 'project', projectId });
const joinedAtIn = (feed: AccountFeed) => (projectId: string) => feed.projects.get(projectId)?.joinedAt;

/** canSee, for a notification read through the feed. */
export const visibleIn = (feed: AccountFeed, notification: StoredNotification): boolean =>
  canSeeWith(notification, feed.accountId, feed.now, (projectId) => feed.projects.has(projectId));

/** isRead, for a notification read through the feed. */
export const readIn = (feed: AccountFeed, notification: StoredNotification): boolean => isReadWith(feed.state, notification, joinedAtIn(feed));

/** A notification of the feed as the account sees it. */
export function feedView(feed: AccountFeed, notification: StoredNotification): AccountNotificationView {
  const audience = notification.audience;
  const project = audience.type === 'project' ? (feed.projects.get(audience.projectId) ?? null) : null;
  return { ...notificationView(notification, project), read: readIn(feed, notification) };
}

/**
 * Index reads one feed page may make: expired notifications are read and left out, so a page is
 * topped up with more reads; after this many it is returned short, with its `next`, so a run of
 * expired ones never makes one request read without bound.
 */
const FEED_READS_MAX = 4;

/** What a search of the feed looks in. */
const SEARCHED_FIELDS = ['title', 'message'] as const;

/**
 * One page of the notifications the account may see, newest first (ties by id). Each read asks
 * for exactly the entries still missing, so the store's `next` always continues after the last
 * entry looked at and nothing is skipped or repeated.
 */
export async function feedPage(
  view: StoreView,
  feed: AccountFeed,
  query: { limit: number; after: string | null; search?: string | null },
): Promise<Page<StoredNotification>> {
  const items: StoredNotification[] = [];
  let after = query.after;
  // A search is run by the store (in SQL on PostgreSQL), over a bounded number of notifications per read.
  const contains = query.search ? { contains: { fields: SEARCHED_FIELDS, text: query.search, scanMax: NOTIFICATION_SEARCH_SCAN_MAX } } : {};
  for (let reads = 0; reads < FEED_READS_MAX && items.length < query.limit; reads++) {
    const page: Page<StoredNotification> = await view.page('notifications', 'audience', { key: feed.keys, order: 'desc', limit: query.limit - items.length, after, ...contains });
    items.push(...page.items.filter((notification) => visibleIn(feed, notification)));
    after = page.next;
    if (after === null) break;
  }
  return { items, next: after };
}

/**
 * The notifications the account may see now and has not read (newest first within each of the
 * two reads below), without reading every notification ever published.
 *
 * Everything published strictly before the account's watermark (`allReadAt`) is read, except a
 * project's notices when the account joined that project at or after the watermark
 * (read-state.ts's coveredByWatermark). So for `all`, the account's own key and the projects it
 * joined before the watermark, only notifications published since the watermark are read (the
 * index's `from`): an account that marks all read now and then costs a handful. What is left —
 * an account that never marked all read, a project joined since — is read newest first, a page
 * at a time, up to NOTIFICATION_UNREAD_SCAN_MAX notifications in all; beyond that the count
 * stops at the unread among those. Only an account with thousands of notifications it never
 * marked read sees an undercount, where a bell in the thousands says the same thing.
 *
 * Read through a view (in a transaction, its `peek`): these are shared rows (a broadcast is every
 * account's), only consulted, never to be locked.
 *
 * Not a stored per-account counter: publishing to everyone would then write every account, and
 * an expiry or leaving a project changes the count without any write to hook it to.
 */
export async function scanUnread(view: StoreView, feed: AccountFeed): Promise<StoredNotification[]> {
  const watermark = feed.state?.allReadAt ?? null;
  const sinceWatermark: string[] = [];
  const whole: string[] = [];
  if (watermark === null) whole.push(...feed.keys);
  else {
    const watermarkMs = Date.parse(watermark);
    sinceWatermark.push(...audienceKeys({ type: 'all' }), ...audienceKeys({ type: 'accounts', accountIds: [feed.accountId] }));
    for (const [projectId, { joinedAt }] of feed.projects) (Date.parse(joinedAt) < watermarkMs ? sinceWatermark : whole).push(...projectKey(projectId));
  }
  const unread: StoredNotification[] = [];
  let budget = NOTIFICATION_UNREAD_SCAN_MAX;
  const reads = [
    { keys: sinceWatermark, from: watermark === null ? undefined : iso(new Date(watermark)) },
    { keys: whole, from: undefined },
  ];
  for (const { keys, from } of reads) {
    for (let after: string | null = null; keys.length > 0 && budget > 0; ) {
      const page: Page<StoredNotification> = await view.page('notifications', 'audience', { key: keys, order: 'desc', limit: Math.min(PAGE_LIMIT_MAX, budget), after, ...(from === undefined ? {} : { from }) });
      budget -= page.items.length;
      for (const notification of page.items) if (visibleIn(feed, notification) && !readIn(feed, notification)) unread.push(notification);
      if (!(after = page.next)) break;
    }
  }
  return unread;
}

/** An unread count and until when it holds without a change to the data. */
export interface UnreadCount {
  readonly count: number;
  /** The next expiry among the counted notifications (ms since the epoch): it may change the count. */
  readonly until: number;
}

export function unreadCountOf(unread: readonly StoredNotification[]): UnreadCount {
  let until = Number.POSITIVE_INFINITY;
  for (const notification of unread) if (notification.expiresAt !== null) until = Math.min(until, Date.parse(notification.expiresAt));
  return { count: unread.length, until };
}

/** Accounts whose counts one cache keeps at most: a Slack process answers for many. */
const CACHED_ACCOUNTS_MAX = 1_000;

/**
 * Memory for the unread count front ends poll (the dashboard's bell, Slack's Home tab): kept
 * while the store's change signal stays the same, and for each count only until the next of its
 * notifications expires. Nothing here is shared between cores.
 */
export function createUnreadCache() {
  let signal: string | null = null;
  const counts = new Map<string, UnreadCount & { readonly from: number }>();

  return {
    /** The count cached for `accountId` under `current` (the signal read BEFORE the data) at `time` (ms). */
    get(current: string, accountId: string, time: number): number | undefined {
      if (current !== signal) return undefined;
      const hit = counts.get(accountId);
      return hit && time >= hit.from && time < hit.until ? hit.count : undefined;
    },
    set(current: string, accountId: string, time: number, count: UnreadCount): void {
      if (current !== signal || counts.size >= CACHED_ACCOUNTS_MAX) counts.clear();
      signal = current;
      counts.set(accountId, { ...count, from: time });
    },
  };
}
