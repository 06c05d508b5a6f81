import { useMemo, useRef, useState } from 'react';
import type { Key } from 'ink';
import { NOTIFICATION_PAGE_SIZE_MAX, type AccountNotificationView } from '../../../core/index.ts';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAccount } from '../../nav-context.tsx';

/** Rows per read: the window moves in steps of this many rows, so scrolling re-reads only when it crosses one. */
const PAGE_STEP = 50;
/** The most rows the feed can keep on screen: a window must hold them twice over plus one step. */
export const MAX_FEED_ROWS = Math.floor((NOTIFICATION_PAGE_SIZE_MAX - PAGE_STEP) / 2);
/**
 * Reads one window of a search makes at most before it shows what it found: each read looks at a
 * bounded number of notifications, so a search that finds little stops here (the list says more
 * may follow) instead of reading the whole feed on every poll. End reads on to the oldest.
 */
const SEARCH_READS_MAX = 10;

/** The rows read around the selection: positions `start` … `start + items.length - 1`. */
interface FeedWindow {
  readonly start: number;
  readonly items: readonly AccountNotificationView[];
  readonly unread: number;
  /** True when the window reaches the oldest notification. */
  readonly end: boolean;
}

export interface NotificationFeed {
  /** False until the first rows arrived. */
  readonly loaded: boolean;
  readonly error: unknown;
  /** Unread notifications on all pages (the bell's count). */
  readonly unread: number;
  /** How many notifications there are once the oldest was read (`exact`); until then, at least how many. */
  readonly count: { readonly value: number; readonly exact: boolean };
  /** Every notification's position known so far, 0 = newest: what the windowed list renders rows for. */
  readonly positions: readonly number[];
  readonly selected: number;
  /** The notification at `position`, or undefined while its rows are still loading. */
  readonly at: (position: number) => AccountNotificationView | undefined;
  /** ↑ ↓ PgUp PgDn Home End (and j k); true when the key was used. */
  readonly handleKey: (input: string, key: Key) => boolean;
}

/** The greatest position in `marks` at or before `position`. */
function markAtOrBefore(marks: ReadonlyMap<number, string | null>, position: number): number {
  let best = 0;
  for (const mark of marks.keys()) if (mark <= position && mark > best) best = mark;
  return best;
}

/**
 * The account's notifications, newest first, read a page at a time around the selection: the
 * core pages with cursors, so the hook remembers where each page it read began (a position and
 * the cursor that reads from there) and starts each window at the nearest one. A list of 1,000
 * costs a window of at most NOTIFICATION_PAGE_SIZE_MAX rows per read, and the list component
 * renders only the rows that fit. How many there are is known once the oldest was read; End
 * reads on to it. `visibleRows` is how many rows fit on screen.
 */
export function useNotificationFeed(accountId: string, visibleRows: number, search = ''): NotificationFeed {
  const me = useAccount();
  // The selection by position and by id: when newer notifications arrive on top, it follows its notification down.
  const [anchor, setAnchor] = useState<{ readonly position: number; readonly id: string | null }>({ position: 0, id: null });
  // End pressed before the oldest was read: read on to it, then select it.
  const [seekingEnd, setSeekingEnd] = useState(false);
  // Where a read may start: position → the cursor of the page that begins there (null: the
  // newest). Positions are a search's own, so each search (and none, '') keeps its marks.
  const allMarks = useRef(new Map<string, Map<number, string | null>>());
  if (!allMarks.current.has(search)) allMarks.current.set(search, new Map([[0, null]]));
  const marks = { current: allMarks.current.get(search)! };
  // Another search starts at its first match (adjusted while rendering, as below).
  const [searched, setSearched] = useState(search);
  if (searched !== search) {
    setSearched(search);
    setSeekingEnd(false);
    setAnchor({ position: 0, id: null });
  }
  const cursor = anchor.position;
  // The visible window lies within `visibleRows` of the selection on either side; the read covers
  // all of it and stays the same while the selection moves inside one PAGE_STEP.
  const start = markAtOrBefore(marks.current, Math.max(0, cursor - visibleRows));
  const rows = Math.max(2 * visibleRows + PAGE_STEP, cursor + visibleRows + 1 - start);
  const polled = usePoll(async (): Promise<FeedWindow> => {
    const items: AccountNotificationView[] = [];
    let after = marks.current.get(start) ?? null;
    for (let reads = 1; ; reads++) {
      const page = await me.notifications.listForAccount({ limit: PAGE_STEP, after, ...(search === '' ? {} : { search }) });
      items.push(...page.items);
      if (page.next === null) return { start, items, unread: page.unread, end: true };
      after = page.next;
      marks.current.set(start + items.length, after);
      const enough = items.length >= rows || (search !== '' && reads >= SEARCH_READS_MAX);
      if (!seekingEnd && enough) return { start, items, unread: page.unread, end: false };
    }
  }, [accountId, start, rows, seekingEnd, search]);
  const page = polled.data;
  const known = page ? page.start + page.items.length : 0;
  const last = page?.end ? Math.max(0, known - 1) : Number.POSITIVE_INFINITY;
  // Live data can shrink the list under the cursor (a notification expired, a project was left).
  const selected = Math.min(cursor, last);
  const positions = useMemo(() => Array.from({ length: known }, (_, index) => index), [known]);

  const handleKey = (input: string, key: Key): boolean => {
    // A search that found nothing among the newest yet: End reads on to the oldest.
    if (known === 0 && key.end && page && !page.end) {
      setSeekingEnd(true);
      return true;
    }
    if (known === 0) return false;
    const step = Math.max(1, visibleRows - 1);
    let next: number | null = null;
    if (key.upArrow || (input === 'k' && !key.ctrl)) next = selected - 1;
    else if (key.downArrow || (input === 'j' && !key.ctrl)) next = selected + 1;
    else if (key.pageUp) next = selected - step;
    else if (key.pageDown) next = selected + step;
    else if (key.home) next = 0;
    else if (key.end) {
      if (!page?.end) {
        setSeekingEnd(true);
        return true;
      }
      next = last;
    }
    if (next === null) return false;
    setSeekingEnd(false);
    setAnchor({ position: Math.min(Math.max(0, next), known - 1), id: null });
    return true;
  };

  const at = (position: number) => (page ? page.items[position - page.start] : undefined);
  // Adjusted while rendering (React's pattern for state derived from new data), not in an effect.
  const current = at(cursor);
  if (seekingEnd && page?.end) {
    setSeekingEnd(false);
    setAnchor({ position: last, id: null });
  } else if (page && current && current.id !== anchor.id) {
    const moved = anchor.id === null ? -1 : page.items.findIndex((item) => item.id === anchor.id);
    setAnchor(moved >= 0 ? { position: page.start + moved, id: anchor.id } : { position: cursor, id: current.id });
  }
  return {
    loaded: page !== undefined,
    error: polled.error,
    unread: page?.unread ?? 0,
    count: { value: known, exact: page?.end ?? false },
    positions,
    selected,
    at,
    handleKey,
  };
}
