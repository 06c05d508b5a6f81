import { Text } from 'ink';
import type { AccountNotificationView, NotificationKind } from '../../../core/index.ts';
import { pad, relative } from '../../format.ts';

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

/**
 * One line of the list: unread dot, kind, title (bold while unread), how long ago it was
 * published (at the right edge). One <Text> with nested parts, so the padding between columns is kept.
 */
export function NotificationRow({ notification, selected, width, now }: { readonly notification: AccountNotificationView | undefined; readonly selected: boolean; readonly width: number; readonly now: Date }) {
  if (!notification) return <Text color="gray">{'  '}…</Text>;
  const when = relative(notification.publishedAt, now);
  // The title takes what is left, so the times line up on the right edge.
  const titleCells = Math.max(10, width - MARKER_CELLS - DOT_CELLS - KIND_CELLS - when.length);
  return (
    <Text wrap="truncate-end">
      <UnreadDot read={notification.read} />
      <Text color={KIND_COLOURS[notification.kind]}>{pad(notification.kind, KIND_CELLS)}</Text>
      <Text bold={!notification.read || selected} color={selected ? 'cyan' : undefined}>
        {pad(notification.title, titleCells)}
      </Text>
      <Text color="gray">{when}</Text>
    </Text>
  );
}
