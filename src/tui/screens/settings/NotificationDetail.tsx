import { useState } from 'react';
import { Box, Text } from 'ink';
import type { AccountNotificationView } from '../../../core/index.ts';
import { useCore, useDashboard } from '../../context.tsx';
import { useKeyHints, QUIT_HINT } from '../../layout-context.tsx';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ScrollView, useScroll, type ScrollLine } from '../../components/ScrollView.tsx';
import { dateTime, relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';
import { fitLine, wrapLines } from '../../safe-text.ts';
import { hyperlink } from '../../terminal-features.ts';
import { copyOutcomeText } from '../../secrets/copy-line.ts';
import { KIND_COLOURS } from './NotificationRow.tsx';

export interface NotificationDetailProps {
  readonly notification: AccountNotificationView;
  /** Marking it read failed (it expired meanwhile, say). */
  readonly error: unknown;
  readonly active: boolean;
  /** Back to the list (Esc). */
  readonly onClose: () => void;
  /** Cells of the panel. */
  readonly width: number;
  readonly height: number;
}

/** Rows besides the scrolled text: kind, published, blank; blank, error or copy line. */
const CHROME_ROWS = 5;
/** The most rows a title takes; a longer one ends in … (the message says the rest). */
const TITLE_ROWS = 2;

/** Who a notification went to, in words. */
function audienceText(notification: AccountNotificationView): string {
  const audience = notification.audience;
  if (audience.type === 'project') return `the members of ${audience.projectName ?? 'a project you left'}`;
  if (audience.type === 'accounts') return 'you';
  return 'everyone';
}

/** The message and the link, wrapped to `width` cells: the part of the detail that scrolls. */
function bodyLines(notification: AccountNotificationView, width: number, links: boolean): { lines: ScrollLine[]; linkAt: number } {
  const lines: ScrollLine[] = wrapLines(notification.message, width).map((text) => ({ text }));
  if (!notification.link) return { lines, linkAt: -1 };
  lines.push({ text: '' });
  const linkAt = lines.length;
  lines.push({ text: 'Link (l jumps here, c copies it):', color: 'gray' });
  // A URL has no spaces to break at: it is broken anywhere, every piece of it shown, each piece
  // one hyperlink to the whole URL where the terminal shows OSC 8.
  for (const piece of wrapLines(notification.link, width)) {
    lines.push({ text: links ? hyperlink(notification.link, piece) : piece, color: 'cyan', underline: true });
  }
  return { lines, linkAt };
}

/**
 * One notification in full: kind, title, when and to whom stay at the top; the message and the
 * link below scroll (↑↓ PgUp PgDn Home End), so a long message can be read to its end and a long
 * link is shown whole, wrapped. `c` copies the link (OSC 52), `l` scrolls to it.
 */
export function NotificationDetail({ notification, error, active, onClose, width, height }: NotificationDetailProps) {
  const core = useCore();
  const { clipboard, hyperlinks } = useDashboard();
  const [copied, setCopied] = useState<{ readonly sent: boolean; readonly text: string } | null>(null);
  const globalKeys = useGlobalKeys(onClose);
  const titleLines = wrapLines(notification.title, width);
  const title = titleLines.length > TITLE_ROWS ? [...titleLines.slice(0, TITLE_ROWS - 1), fitLine(titleLines.slice(TITLE_ROWS - 1).join(' '), width)] : titleLines;
  const body = bodyLines(notification, width, hyperlinks);
  const bodyHeight = Math.max(3, height - CHROME_ROWS - title.length);
  const scroll = useScroll(body.lines.length, bodyHeight);
  const link = notification.link;
  useKeyHints(
    [
      { key: '↑↓ PgUp PgDn', label: 'scroll' },
      ...(link ? [{ key: 'l', label: 'go to the link' }, { key: 'c', label: 'copy the link' }] : []),
      { key: 'Esc/←', label: 'back to the list' },
      QUIT_HINT,
    ],
    active,
  );
  useKeys(
    (input, key) => {
      if (scroll.handleKey(input, key)) return;
      if (link && input === 'l') scroll.setOffset(body.linkAt);
      else if (link && input === 'c') {
        const outcome = clipboard.copy(link);
        setCopied({ sent: outcome.sent, text: copyOutcomeText(outcome, 'link') });
      } else globalKeys(input, key);
    },
    { isActive: active },
  );
  const now = core.clock.now();
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text color={KIND_COLOURS[notification.kind]} bold>
          {notification.kind.toUpperCase()}
        </Text>
        <Text color="gray">
          {' · '}
          {notification.source === 'system' ? 'generated automatically' : 'from Keboola'} · to {fitLine(audienceText(notification), width)}
        </Text>
      </Text>
      {title.map((line, index) => (
        <Text key={index} bold>
          {line}
        </Text>
      ))}
      <Text color="gray" wrap="truncate-end">
        Published {relative(notification.publishedAt, now)} ({dateTime(notification.publishedAt)})
        {notification.expiresAt ? ` · shown until ${dateTime(notification.expiresAt)}` : ''}
      </Text>
      <Text> </Text>
      <ScrollView lines={body.lines} offset={scroll.offset} height={bodyHeight} />
      <Text> </Text>
      {copied ? <Text color={copied.sent ? 'gray' : 'red'} wrap="truncate-end">{copied.sent ? '' : '✖ '}{copied.text}</Text> : <ErrorBanner error={error} />}
    </Box>
  );
}
