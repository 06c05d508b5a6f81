import { useMemo, useRef, useState } from 'react';
import type { Key } from 'ink';
import { useFilterInput } from './use-filter-input.ts';

/** What `/` typed: the rows shown are those whose text contains it (any case). */
export interface ListFilter {
  readonly query: string;
  /** True while the query is being typed (every key goes to it). */
  readonly editing: boolean;
  /** Rows before filtering. */
  readonly total: number;
}

export interface ListNavigation<T> {
  /** The rows to show: all of them, or those that match the filter. */
  readonly items: readonly T[];
  /** The selected row's position in `items`. */
  readonly index: number;
  /** The selected row; undefined when `items` is empty. */
  readonly selected: T | undefined;
  readonly setIndex: (index: number) => void;
  /** Null when the list cannot be filtered (no `textOf`). */
  readonly filter: ListFilter | null;
  /**
   * Moves the selection for ↑ ↓ PgUp PgDn Home End (and j k), and runs the filter (`/` to type,
   * Enter to keep, Esc to clear); returns true when the key was used, so it acts on nothing else.
   */
  readonly handleKey: (input: string, key: Key) => boolean;
}

export interface ListNavigationOptions<T> {
  /** The text `/` searches; without it the list has no filter. */
  readonly textOf?: (item: T) => string;
}

/**
 * The selected row of a live list, held by the row's id (`keyOf`), not its position: when rows
 * arrive above it, or it moves, the selection moves with it, so a key acts on the row the user
 * chose. When the row itself goes away, the selection stays at the position it had.
 * PgUp/PgDn move by `pageSize`.
 */
export function useListNavigation<T>(all: readonly T[], keyOf: (item: T) => string, pageSize: number, options: ListNavigationOptions<T> = {}): ListNavigation<T> {
  const { textOf } = options;
  const [chosen, setChosen] = useState<string | null>(null);
  // Where the chosen row was last seen: where the selection stays when that row goes away.
  const lastIndex = useRef(0);
  // A new filter starts at its first match; clearing it keeps the row chosen under it.
  const { query, editing, handleKey: filterKey } = useFilterInput((next) => {
    if (next === '') return;
    lastIndex.current = 0;
    setChosen(null);
  });

  const needle = query.toLocaleLowerCase();
  const items = useMemo(
    () => (textOf && needle !== '' ? all.filter((item) => textOf(item).toLocaleLowerCase().includes(needle)) : all),
    [all, needle, textOf],
  );
  const last = Math.max(0, items.length - 1);
  const found = chosen === null ? -1 : items.findIndex((item) => keyOf(item) === chosen);
  const index = found >= 0 ? found : Math.min(lastIndex.current, last);
  lastIndex.current = index;
  const selected = items[index];

  const select = (value: number) => {
    const next = Math.min(Math.max(0, value), last);
    lastIndex.current = next;
    const item = items[next];
    setChosen(item === undefined ? null : keyOf(item));
  };

  const handleKey = (input: string, key: Key): boolean => {
    if (textOf && filterKey(input, key)) return true;
    if (items.length === 0) return false;
    const page = Math.max(1, pageSize);
    let next: number | null = null;
    if (key.upArrow || (input === 'k' && !key.ctrl)) next = index - 1;
    else if (key.downArrow || (input === 'j' && !key.ctrl)) next = index + 1;
    else if (key.pageUp) next = index - page;
    else if (key.pageDown) next = index + page;
    else if (key.home) next = 0;
    else if (key.end) next = last;
    if (next === null) return false;
    select(next);
    return true;
  };

  return { items, index, selected, setIndex: select, filter: textOf ? { query, editing, total: all.length } : null, handleKey };
}
