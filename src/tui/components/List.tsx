import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

export interface ListProps<T> {
  readonly items: readonly T[];
  readonly selected: number;
  /** Rows available, including the position line shown when the list scrolls. */
  readonly height: number;
  /** The focused list marks its selected row brightly; an unfocused one only dims it. */
  readonly focused: boolean;
  readonly keyOf: (item: T) => string;
  readonly renderRow: (item: T, selected: boolean) => ReactNode;
  readonly empty?: ReactNode;
}

/** The first visible row so that `selected` stays in view, roughly centred. */
export function windowStart(count: number, selected: number, visible: number): number {
  if (count <= visible) return 0;
  const start = selected - Math.floor(visible / 2);
  return Math.min(Math.max(0, start), count - visible);
}

/**
 * A selectable list that renders only the rows that fit, so 1,000 notifications cost as much as
 * twenty. When it scrolls, the last row says where you are.
 */
export function List<T>({ items, selected, height, focused, keyOf, renderRow, empty }: ListProps<T>) {
  if (items.length === 0) return <Box>{empty ?? <Text color="gray">Nothing here yet.</Text>}</Box>;
  const scrolls = items.length > height;
  const visible = Math.max(1, scrolls ? height - 1 : height);
  const start = windowStart(items.length, selected, visible);
  const rows = items.slice(start, start + visible);
  return (
    <Box flexDirection="column">
      {rows.map((item, offset) => {
        const isSelected = start + offset === selected;
        return (
          <Box key={keyOf(item)}>
            <Text color={isSelected ? (focused ? 'cyan' : 'gray') : undefined} bold={isSelected && focused}>
              {isSelected ? '❯ ' : '  '}
            </Text>
            <Box flexGrow={1}>{renderRow(item, isSelected)}</Box>
          </Box>
        );
      })}
      {scrolls && (
        <Text color="gray">
          {'  '}
          {start > 0 ? '▲' : ' '}
          {start + visible < items.length ? '▼' : ' '} {start + 1}–{start + rows.length} of {items.length}
        </Text>
      )}
    </Box>
  );
}
