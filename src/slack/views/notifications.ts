import type { types } from '@slack/bolt';
import type { AccountNotificationView, NotificationKind, NotificationPage } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK, itemBlockId } from '../ids.ts';
import { actions, button, context, divider, modal, noticeBlocks, section, type Block, type MessageContent, type Notice } from './blocks.ts';
import { plural, slackDate, truncate } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';

/** Notifications a modal shows at most (3 blocks each, within Slack's 100). */
export const MODAL_NOTIFICATIONS_MAX = 25;
/** Characters of a notification message shown in a list; the DM shows more. */
const LIST_MESSAGE_MAX = 500;
const DM_MESSAGE_MAX = 2500;

const KIND_WORDS: Readonly<Record<NotificationKind, string>> = {
  announcement: 'Announcement',
  deprecation: 'Deprecation',
  migration: 'Migration',
  limit: 'Project limit',
};

export const kindWords = (kind: string): string => (Object.hasOwn(KIND_WORDS, kind) ? KIND_WORDS[kind as NotificationKind] : kind);

/**
 * A link in mrkdwn: characters that would end the link token are percent-encoded and `&` escaped
 * as Slack asks. Only http(s) URLs become links; anything else is shown as escaped text.
 */
export function mrkdwnLink(url: string, label: string): string {
  if (!/^https?:\/\/[^\s]/i.test(url)) return `${escapeMrkdwn(label)}: ${escapeMrkdwn(url)}`;
  const safe = url.replace(/[<>|\s]/g, (char) => encodeURIComponent(char)).replace(/&/g, '&amp;');
  return `<${safe}|${escapeMrkdwn(label)}>`;
}

/** The bell: a red dot when anything is unread. */
export function bellText(unread: number): string {
  return unread > 0 ? `:bell: :red_circle: *${plural(unread, 'unread notification')}*` : ':bell: No unread notifications';
}

function notificationMeta(item: Pick<AccountNotificationView, 'kind' | 'publishedAt' | 'link'>): string {
  const parts = [escapeMrkdwn(kindWords(item.kind)), slackDate(item.publishedAt)];
  if (item.link) parts.push(mrkdwnLink(item.link, 'Open link'));
  return parts.join(' · ');
}

const markReadButton = (id: string): types.Button => button('Mark as read', ACTION.notificationMarkRead, { value: id });

/** One notification in a list: unread ones are marked and carry Mark as read. */
export function notificationItemBlocks(item: AccountNotificationView): Block[] {
  const title = `${item.read ? '' : ':red_circle: '}*${escapeMrkdwn(item.title)}*`;
  const body = `${title}\n${escapeMrkdwn(truncate(item.message, LIST_MESSAGE_MAX))}`;
  return [
    section(body, { blockId: itemBlockId(BLOCK.notification, item.id), ...(item.read ? {} : { accessory: markReadButton(item.id) }) }),
    context(notificationMeta(item)),
  ];
}

/**
 * `/kbc notifications`: the newest page, unread marked, Mark as read per item and Mark all as
 * read. How many older ones there are is not counted (that would read them all): a page that has
 * a `next` says there are more.
 */
export function notificationsModal(page: NotificationPage, notice?: Notice | null): types.ModalView {
  const blocks: Block[] = [...noticeBlocks(notice)];
  const markAll = button('Mark all as read', ACTION.notificationsMarkAllRead, { value: 'all' });
  blocks.push(section(`${bellText(page.unread)}.`, page.unread > 0 ? { accessory: markAll } : {}));
  if (page.items.length === 0) blocks.push(section('Nothing here yet. Announcements, deprecations, migrations and project-limit alerts show up here.'));
  for (const item of page.items.slice(0, MODAL_NOTIFICATIONS_MAX)) blocks.push(divider(), ...notificationItemBlocks(item));
  const hidden = page.items.length - Math.min(page.items.length, MODAL_NOTIFICATIONS_MAX);
  if (page.next !== null) blocks.push(divider(), context('…and older ones: open the dashboard to see them all.'));
  else if (hidden > 0) blocks.push(divider(), context(`…and ${hidden} older: open the dashboard to see them all.`));
  return modal({ callbackId: CALLBACK.notifications, title: 'Notifications', blocks });
}

/** What a notification DM shows: the full notification when the core still has it, else the outbox's summary. */
export interface NotificationInfo {
  readonly notificationId: string;
  readonly kind: string;
  readonly title: string;
  readonly message: string | null;
  readonly link: string | null;
  readonly publishedAt: string | null;
}

/** The DM for a new notification, with Mark as read (or marked read once clicked). */
export function notificationMessage(info: NotificationInfo, read: boolean): MessageContent {
  const lines = [`:bell: *${escapeMrkdwn(info.title)}*`];
  if (info.message) lines.push(escapeMrkdwn(truncate(info.message, DM_MESSAGE_MAX)));
  const meta = [escapeMrkdwn(kindWords(info.kind))];
  if (info.publishedAt) meta.push(slackDate(info.publishedAt));
  if (info.link) meta.push(mrkdwnLink(info.link, 'Open link'));
  const blocks: Block[] = [section(lines.join('\n'), { blockId: BLOCK.notification }), context(meta.join(' · '))];
  blocks.push(
    read
      ? context(':white_check_mark: Marked as read.')
      : actions(BLOCK.notificationActions, [markReadButton(info.notificationId), button('All notifications', ACTION.openNotifications)]),
  );
  return { text: `${escapeText(kindWords(info.kind))}: ${escapeText(info.title)}`, blocks };
}
