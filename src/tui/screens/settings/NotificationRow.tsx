import { Text } from 'ink';
import type { NotificationKind } from '../../../core/index.ts';
import { pad } from '../../format.ts';

/** Each kind in its own colour, so deprecations and limit notices stand out in a long list. */
export const KIND_COLOURS: Record<NotificationKind, string> = {
  deprecation: 'yellow',
  migration: 'magenta',
  limit: 'red',
  announcement: 'blue',
};

/** Cells of the columns around the title. */
const DOT_CELLS = 2;
export const KIND_CELLS = 14;
/** The List component's selection marker. */
const MARKER_CELLS = 2;

/** The unread marker, as in the header bell (a nested <Text>: it goes inside a line of text). */
export function UnreadDot({ read }: { readonly read: boolean }) {
  return read ? <Text>{'  '}</Text> : <Text color="redBright">{'● '}</Text>;
}

export interface NotificationRowProps {
  readonly kind: NotificationKind;
  readonly title: string;
  readonly read: boolean;
  /** How long ago it was published ("3 minutes ago"), worked out by the list against the core's clock. */
  readonly when: string;
  readonly selected: boolean;
  /** Cells of the row after the list's selection marker. */
  readonly width: number;
}

/**
 * One line of the list: unread dot, kind, title (bold while unread), how long ago it was
 * published (at the right edge). One <Text> with nested parts, so the padding between columns is kept.
 * Its props are the shown values only (no notification object, no current time), so the list can
 * skip the rows that look the same, also after it re-read a page.
 */
export function NotificationRow({ kind, title, read, when, selected, width }: NotificationRowProps) {
  // The title takes what is left, so the times line up on the right edge.
  const titleCells = Math.max(10, width - MARKER_CELLS - DOT_CELLS - KIND_CELLS - when.length);
  return (
    <Text wrap="truncate-end">
      <UnreadDot read={read} />
      <Text color={KIND_COLOURS[kind]}>{pad(kind, KIND_CELLS)}</Text>
      <Text bold={!read || selected} color={selected ? 'cyan' : undefined}>
        {pad(title, titleCells)}
      </Text>
      <Text color="gray">{when}</Text>
    </Text>
  );
}

/** A row whose page is still being read. */
export function LoadingRow() {
  return <Text color="gray">{'  '}…</Text>;
}
