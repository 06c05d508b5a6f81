import { useMemo, useState } from 'react';
import type { Key } from 'ink';
import { NOTIFICATION_PAGE_SIZE_MAX, type AccountNotificationView, type NotificationPage } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';

/** Pages start at multiples of this many rows, so scrolling re-reads only when it crosses one. */
const PAGE_STEP = 50;
/** The most rows the feed can keep on screen: a page must hold them twice over plus one step. */
export const MAX_FEED_ROWS = Math.floor((NOTIFICATION_PAGE_SIZE_MAX - PAGE_STEP) / 2);

export interface NotificationFeed {
  /** Undefined until the first page arrived. */
  readonly page: NotificationPage | undefined;
  readonly error: unknown;
  /** Every visible notification's position, 0 = newest: what the windowed list renders rows for. */
  readonly positions: readonly number[];
  readonly selected: number;
  /** The notification at `position`, or undefined while its page is still loading. */
  readonly at: (position: number) => AccountNotificationView | undefined;
  /** ↑ ↓ PgUp PgDn Home End (and j k); true when the key was used. */
  readonly handleKey: (input: string, key: Key) => boolean;
}

/**
 * The account's notifications, newest first, read one page at a time around the selection: a
 * list of 1,000 costs one page of at most NOTIFICATION_PAGE_SIZE_MAX rows per read, and the
 * list component renders only the rows that fit. `visibleRows` is how many rows fit on screen.
 */
export function useNotificationFeed(accountId: string, visibleRows: number): NotificationFeed {
  const core = useCore();
  // The selection by position and by id: when newer notifications arrive on top, it follows its notification down.
  const [anchor, setAnchor] = useState<{ readonly position: number; readonly id: string | null }>({ position: 0, id: null });
  const cursor = anchor.position;
  // The visible window lies within `visibleRows` of the selection on either side; the page holds
  // all of it and stays the same while the selection moves inside one PAGE_STEP.
  const offset = Math.floor(Math.max(0, cursor - visibleRows) / PAGE_STEP) * PAGE_STEP;
  const limit = Math.min(NOTIFICATION_PAGE_SIZE_MAX, 2 * visibleRows + PAGE_STEP);
  const polled = usePoll(() => core.notifications.listForAccount(accountId, { limit, offset }), [accountId, offset, limit]);
  const page = polled.data;
  const total = page?.total ?? 0;
  const last = Math.max(0, total - 1);
  // Live data can shrink the list under the cursor (a notification expired, a project was left).
  const selected = Math.min(cursor, last);
  const positions = useMemo(() => Array.from({ length: total }, (_, index) => index), [total]);

  const handleKey = (input: string, key: Key): boolean => {
    if (total === 0) return false;
    const step = Math.max(1, visibleRows - 1);
    let next: number | null = null;
    if (key.upArrow || (input === 'k' && !key.ctrl)) next = selected - 1;
    else if (key.downArrow || (input === 'j' && !key.ctrl)) next = selected + 1;
    else if (key.pageUp) next = selected - step;
    else if (key.pageDown) next = selected + step;
    else if (key.home) next = 0;
    else if (key.end) next = last;
    if (next === null) return false;
    setAnchor({ position: Math.min(Math.max(0, next), last), id: null });
    return true;
  };

  const at = (position: number) => (page ? page.items[position - page.offset] : undefined);
  // Adjusted while rendering (React's pattern for state derived from new data), not in an effect.
  const current = at(cursor);
  if (page && current && current.id !== anchor.id) {
    const moved = anchor.id === null ? -1 : page.items.findIndex((item) => item.id === anchor.id);
    setAnchor(moved >= 0 ? { position: page.offset + moved, id: anchor.id } : { position: cursor, id: current.id });
  }
  return { page, error: polled.error, positions, selected, at, handleKey };
}
