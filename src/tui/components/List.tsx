import { isValidElement, memo, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { ListFilter } from '../hooks/use-list-navigation.ts';
import type { KeyHint } from '../layout-context.tsx';

/** The footer while a list's filter is typed. */
export const FILTER_TYPING_HINTS: readonly KeyHint[] = [
  { key: 'type', label: 'filter' },
  { key: 'Enter', label: 'keep' },
  { key: 'Esc', label: 'clear' },
];

export interface ListProps<T> {
  readonly items: readonly T[];
  readonly selected: number;
  /** Rows available, including the position line shown when the list scrolls. */
  readonly height: number;
  /** The focused list marks its selected row brightly; an unfocused one only dims it. */
  readonly focused: boolean;
  readonly keyOf: (item: T) => string;
  /**
   * One row's content. Return an element of a component whose output depends only on its props
   * (e.g. `<NotificationRow … when="3 minutes ago" />`, not a `now` Date): a row whose element has
   * the same type and equal props as last time is not rendered again.
   */
  readonly renderRow: (item: T, selected: boolean) => ReactNode;
  readonly empty?: ReactNode;
  /** More items exist than `items` holds (not read yet): the position line says "of N+". */
  readonly more?: boolean;
  /** The list's `/` filter: while it is typed or set, a line above the rows shows it (and takes one of `height`'s rows). */
  readonly filter?: ListFilter | null;
}

/** "/ churn▌  2 of 14 · Enter keep · Esc clear": what the list is filtered by. */
export function FilterLine({ filter }: { readonly filter: ListFilter }) {
  return (
    <Text wrap="truncate-end">
      <Text color="cyan">/ </Text>
      <Text>{filter.query}</Text>
      {filter.editing ? <Text inverse> </Text> : null}
      <Text color="gray">
        {'  '}
        {filter.editing ? 'Enter keep · Esc clear' : 'Esc clears the filter'}
      </Text>
    </Text>
  );
}

/** The first visible row so that `selected` stays in view, roughly centred. */
export function windowStart(count: number, selected: number, visible: number): number {
  if (count <= visible) return 0;
  const start = selected - Math.floor(visible / 2);
  return Math.min(Math.max(0, start), count - visible);
}

/** True when `a` and `b` would render the same: the same value, or elements of one type and key with equal props. */
export function sameRow(a: ReactNode, b: ReactNode): boolean {
  if (a === b) return true;
  if (!isValidElement(a) || !isValidElement(b) || a.type !== b.type || a.key !== b.key) return false;
  const before = a.props as Record<string, unknown>;
  const after = b.props as Record<string, unknown>;
  const names = Object.keys(before);
  return names.length === Object.keys(after).length && names.every((name) => Object.is(before[name], after[name]));
}

interface RowProps {
  readonly selected: boolean;
  readonly focused: boolean;
  readonly row: ReactNode;
}

/**
 * One row: the selection marker and the content. Memoised on the content's props, so moving the
 * selection re-renders only the rows it left and reached, however many rows are visible.
 */
const Row = memo(
  function Row({ selected, focused, row }: RowProps) {
    return (
      <Box>
        <Text color={selected ? (focused ? 'cyan' : 'gray') : undefined} bold={selected && focused}>
          {selected ? '❯ ' : '  '}
        </Text>
        <Box flexGrow={1}>{row}</Box>
      </Box>
    );
  },
  (before, after) => before.selected === after.selected && before.focused === after.focused && sameRow(before.row, after.row),
);

/**
 * A selectable list that renders only the rows that fit, so 1,000 notifications cost as much as
 * twenty. When it scrolls, the last row says where you are.
 */
export function List<T>({ items, selected, height, focused, keyOf, renderRow, empty, more = false, filter = null }: ListProps<T>) {
  const filtered = filter !== null && (filter.editing || filter.query !== '');
  if (filtered) {
    return (
      <Box flexDirection="column">
        <FilterLine filter={filter} />
        {items.length === 0 ? (
          <Text color="gray">  Nothing matches; {filter.total} in all.</Text>
        ) : (
          <List items={items} selected={selected} height={height - 1} focused={focused} keyOf={keyOf} renderRow={renderRow} more={more} />
        )}
      </Box>
    );
  }
  if (items.length === 0) return <Box>{empty ?? <Text color="gray">Nothing here yet.</Text>}</Box>;
  const scrolls = items.length > height;
  const visible = Math.max(1, scrolls ? height - 1 : height);
  const start = windowStart(items.length, selected, visible);
  const rows = items.slice(start, start + visible);
  // Clipped vertically only, which makes this box the rows' clip instead of the panel's: a row's
  // text wraps or truncates to the list's width anyway, and under a horizontal clip Ink slices
  // every row of every frame again (about half of what drawing a row costs).
  return (
    <Box flexDirection="column" overflowY="hidden">
      {rows.map((item, offset) => {
        const isSelected = start + offset === selected;
        return <Row key={keyOf(item)} selected={isSelected} focused={focused} row={renderRow(item, isSelected)} />;
      })}
      {scrolls && (
        <Text color="gray">
          {'  '}
          {start > 0 ? '▲' : ' '}
          {more || start + visible < items.length ? '▼' : ' '} {start + 1}–{start + rows.length} of {items.length}
          {more ? '+' : ''}
        </Text>
      )}
    </Box>
  );
}
