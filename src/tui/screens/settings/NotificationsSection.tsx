import { useState } from 'react';
import { Box, Text } from 'ink';
import { NOTIFICATION_SEARCH_MAX_LENGTH, type AccountNotificationView } from '../../../core/index.ts';
import { useCore, useDataChanged } from '../../context.tsx';
import { useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { FILTER_TYPING_HINTS, FilterLine, List } from '../../components/List.tsx';
import { useFilterInput } from '../../hooks/use-filter-input.ts';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import type { SectionProps } from './section-props.ts';
import { MAX_FEED_ROWS, useNotificationFeed } from './use-notification-feed.ts';
import { LoadingRow, NotificationRow } from './NotificationRow.tsx';
import { NotificationDetail } from './NotificationDetail.tsx';
import { wrappedRows } from './wrapped-rows.ts';
import { relative } from '../../format.ts';
import { Paragraph } from '../../components/Paragraph.tsx';

/** Rows around the list besides the explanation: title, blank; blank, status line, hint. */
const CHROME_ROWS = 5;
/** How long a search may be: the core's limit, so typing stops there instead of failing. */
const SEARCH_MAX = NOTIFICATION_SEARCH_MAX_LENGTH;

export const NOTIFICATIONS_EXPLAINED =
  'Announcements from Keboola about platform changes that affect your projects (deprecations, migration reminders), and notices when a project exceeds its limits.';

const count = (n: number, word: string, exact = true) => `${n.toLocaleString('en-US')}${exact ? '' : '+'} ${word}${n === 1 && exact ? '' : 's'}`;

/**
 * Notifications, newest first, unread ones with a red dot. Enter opens one (and marks it read),
 * `a` marks everything read; the header bell follows at once. Long lists are read page by page
 * and only the rows that fit are rendered.
 */
export function NotificationsSection({ active, onExit, width, height }: SectionProps) {
  const core = useCore();
  const me = useAccount();
  const session = useSession();
  const filter = useFilterInput();
  // The core searches title and message; the line above the list shows the filter (one row of the list's).
  const search = [...filter.query.trim()].slice(0, SEARCH_MAX).join('');
  const filtered = filter.editing || filter.query !== '';
  const listHeight = Math.min(MAX_FEED_ROWS + 1, Math.max(3, height - CHROME_ROWS - wrappedRows(NOTIFICATIONS_EXPLAINED, width))) - (filtered ? 1 : 0);
  const feed = useNotificationFeed(session.accountId, listHeight - 1, search);
  const markOne = useAction();
  const markAll = useAction();
  const [open, setOpen] = useState<AccountNotificationView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const globalKeys = useGlobalKeys(onExit);
  const dataChanged = useDataChanged();
  const listActive = active && open === null;
  useKeyHints(
    filter.editing
      ? FILTER_TYPING_HINTS
      : [
          ...(feed.count.value > 0 ? [{ key: '↑↓ PgUp PgDn', label: 'move' }, { key: 'Enter', label: 'open' }, { key: 'a', label: 'mark all read' }] : []),
          ...(feed.count.value > 1 || filtered ? [{ key: '/', label: 'filter' }] : []),
          { key: filtered ? 'Esc' : 'Esc/←', label: filtered ? 'clear the filter' : 'sections' },
          QUIT_HINT,
        ],
    listActive,
  );

  const openSelected = () => {
    const notification = feed.at(feed.selected);
    if (!notification) return;
    setNotice(null);
    markOne.clearError();
    setOpen(notification);
    if (notification.read) return;
    void markOne
      .run('marking a notification read', () => me.notifications.markRead(notification.id))
      // Gone meanwhile (expired, or a project left): show the list and the bell as they are now.
      .then((outcome) => {
        if (!outcome.ok) dataChanged();
      });
  };

  const markAllRead = async () => {
    setNotice(null);
    const outcome = await markAll.run('marking all notifications read', () => me.notifications.markAllRead());
    if (outcome.ok) setNotice(outcome.value.marked === 0 ? 'Everything was already read.' : `Marked ${count(outcome.value.marked, 'notification')} as read.`);
  };

  useKeys(
    (input, key) => {
      if (filter.handleKey(input, key) || feed.handleKey(input, key)) return;
      if (key.return) openSelected();
      else if (input === 'a' && !markAll.busy) void markAllRead();
      else globalKeys(input, key);
    },
    { isActive: listActive },
  );

  if (open) return <NotificationDetail notification={open} error={markOne.error} active={active} onClose={() => setOpen(null)} width={width} height={height} />;
  if (!feed.loaded) return feed.error ? <ErrorBanner error={feed.error} /> : <Text color="gray">Loading…</Text>;
  const now = core.clock.now();
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Notifications</Text>
        {feed.unread > 0 ? <Text color="redBright"> ● {feed.unread.toLocaleString('en-US')} unread</Text> : null}
        {search !== '' ? (
          <Text color="gray">
            {' · '}
            {feed.count.value.toLocaleString('en-US')}
            {feed.count.exact ? '' : '+'} found
          </Text>
        ) : feed.count.value > 0 ? (
          <Text color="gray"> · {count(feed.count.value, 'notification', feed.count.exact)}</Text>
        ) : null}
      </Text>
      <Paragraph color="gray" text={NOTIFICATIONS_EXPLAINED} width={width} />
      <Text> </Text>
      {filtered ? <FilterLine filter={{ query: filter.query, editing: filter.editing, total: feed.count.value }} /> : null}
      <List
        items={feed.positions}
        selected={feed.selected}
        height={listHeight}
        focused={listActive}
        more={!feed.count.exact}
        keyOf={(position) => feed.at(position)?.id ?? `loading-${position}`}
        renderRow={(position, selected) => {
          const notification = feed.at(position);
          if (!notification) return <LoadingRow />;
          const { kind, title, read, publishedAt } = notification;
          return <NotificationRow kind={kind} title={title} read={read} when={relative(publishedAt, now)} selected={selected && listActive} width={width} />;
        }}
        empty={
          search === '' ? (
            <Text>No notifications yet.</Text>
          ) : (
            <Text color="gray">
              No title or message contains “{search}”{feed.count.exact ? '' : ' among the newest; End searches all of them'}.
            </Text>
          )
        }
      />
      <Text> </Text>
      {markAll.busy ? <Text color="yellow">Marking everything read…</Text> : <ErrorBanner error={markAll.error ?? feed.error} />}
      <SuccessLine text={notice} />
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
    </Box>
  );
}
