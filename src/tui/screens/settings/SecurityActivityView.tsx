import { useState } from 'react';
import { Box, Text } from 'ink';
import type { SecurityActivity } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { FILTER_TYPING_HINTS, List } from '../../components/List.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { eventLabel } from '../../messages.ts';
import { exactTime, pad, relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';
import { useAccount } from '../../nav-context.tsx';
import { eventSentence, eventSource } from '../../security-words.ts';
import { wrapLines } from '../../safe-text.ts';

export interface SecurityActivityViewProps {
  readonly accountId: string;
  readonly active: boolean;
  readonly onDone: () => void;
  readonly width: number;
  readonly height: number;
}

/** Rows above the list: title, blank, headings. */
const CHROME_ROWS = 3;
/** Cells of the WHEN column: "less than a minute ago" and a gap. */
const WHEN_CELLS = 23;

const NONE: readonly SecurityActivity[] = [];
const eventKey = (event: SecurityActivity) => event.id;

/**
 * The account's security events, newest first: how long ago, and what happened in a sentence.
 * Enter shows one in full, with the exact time, its zone and where it came from; `/` filters.
 */
export function SecurityActivityView({ accountId, active, onDone, width, height }: SecurityActivityViewProps) {
  const core = useCore();
  const me = useAccount();
  const events = usePoll(() => me.accounts.securityActivity(), [accountId]);
  const listHeight = Math.max(3, height - CHROME_ROWS);
  const list = useListNavigation(events.data ?? NONE, eventKey, listHeight - 1, { textOf: eventSentence });
  const [open, setOpen] = useState<SecurityActivity | null>(null);
  const globalKeys = useGlobalKeys(onDone);
  const listActive = active && open === null;
  useKeyHints(
    list.filter?.editing
      ? FILTER_TYPING_HINTS
      : [{ key: '↑↓ PgUp PgDn', label: 'scroll' }, ...(list.selected ? [{ key: 'Enter', label: 'details' }] : []), { key: '/', label: 'filter' }, { key: 'Esc/←', label: 'back' }, QUIT_HINT],
    listActive,
  );
  useKeyHints([{ key: 'Esc/←', label: 'back to the list' }, QUIT_HINT], active && open !== null);
  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) return;
      if (key.return && list.selected) setOpen(list.selected);
      else globalKeys(input, key);
    },
    { isActive: listActive },
  );
  const closeKeys = useGlobalKeys(() => setOpen(null));
  useKeys((input, key) => void closeKeys(input, key), { isActive: active && open !== null });

  const now = core.clock.now();
  if (open) return <SecurityEventDetail event={open} now={now} width={width} />;
  const whatCells = Math.max(20, width - 2 - WHEN_CELLS);
  return (
    <Box flexDirection="column">
      <Text bold>Security activity</Text>
      <ErrorBanner error={events.error} />
      <ColumnHeads columns={[['WHEN', WHEN_CELLS]]} last="WHAT HAPPENED" />
      {events.data === undefined ? (
        <Text color="gray">Loading…</Text>
      ) : (
        <List
          items={list.items}
          selected={list.index}
          height={listHeight}
          focused={listActive}
          filter={list.filter}
          keyOf={eventKey}
          renderRow={(event) => <EventRow sentence={eventSentence(event)} when={relative(event.at, now)} tone={tone(event.type)} whatCells={whatCells} />}
          empty={<Text color="gray">No security events yet.</Text>}
        />
      )}
    </Box>
  );
}

function EventRow({ sentence, when, tone, whatCells }: { readonly sentence: string; readonly when: string; readonly tone: string | undefined; readonly whatCells: number }) {
  return (
    <Text wrap="truncate-end">
      <Text color="gray">{pad(when, WHEN_CELLS)}</Text>
      <Text color={tone}>{pad(sentence, whatCells)}</Text>
    </Text>
  );
}

/** One event in full: the sentence, what kind of event, the exact time with its zone, and where it came from. */
function SecurityEventDetail({ event, now, width }: { readonly event: SecurityActivity; readonly now: Date; readonly width: number }) {
  const label = 14;
  const valueWidth = Math.max(20, width - label);
  const source = eventSource(event);
  const rows: readonly (readonly [string, string])[] = [
    ['What', eventLabel(event.type)],
    ['When', `${exactTime(event.at)}, ${relative(event.at, now)}`],
    ['From', source ?? 'not recorded'],
  ];
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Security event</Text>
      <Text> </Text>
      {wrapLines(eventSentence(event), width).map((line, index) => (
        <Text key={index} color={tone(event.type)}>
          {line}
        </Text>
      ))}
      <Text> </Text>
      {rows.map(([name, value]) =>
        wrapLines(value, valueWidth).map((line, index) => (
          <Text key={`${name}-${index}`}>
            <Text color="gray">{pad(index === 0 ? name : '', label)}</Text>
            {line}
          </Text>
        )),
      )}
    </Box>
  );
}

/** Failures and lockouts stand out, and so do a Slack link taken over by another Slack user and a revoked token; the rest is routine. */
function tone(type: string): string | undefined {
  if (type === 'login.failed' || type === 'mfa.code_failed' || type === 'password.change_failed') return 'yellow';
  if (type === 'login.locked' || type.endsWith('throttled') || type === 'mfa.disabled' || type === 'mfa.reset' || type === 'slack.link_replaced' || type === 'token.revoked') return 'red';
  return undefined;
}
