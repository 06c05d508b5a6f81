import { Box, Text } from 'ink';
import type { SecurityActivity } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { List } from '../../components/List.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { eventLabel } from '../../messages.ts';
import { dateTime, pad, relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';
import { useAccount } from '../../nav-context.tsx';

export interface SecurityActivityViewProps {
  readonly accountId: string;
  readonly active: boolean;
  readonly onDone: () => void;
  readonly width: number;
  readonly height: number;
}

/** Rows above the list: title, blank, headings. */
const CHROME_ROWS = 3;

/** The account's security events, newest first, with how long ago each happened. */
export function SecurityActivityView({ accountId, active, onDone, width, height }: SecurityActivityViewProps) {
  const core = useCore();
  const me = useAccount();
  const events = usePoll(() => me.accounts.securityActivity(), [accountId]);
  const items = events.data ?? [];
  const listHeight = Math.max(3, height - CHROME_ROWS);
  const list = useListNavigation(items.length, listHeight - 1);
  const globalKeys = useGlobalKeys(onDone);
  useKeyHints([{ key: '↑↓ PgUp PgDn', label: 'scroll' }, { key: 'Esc/←', label: 'back' }, QUIT_HINT], active);
  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) return;
      globalKeys(input, key);
    },
    { isActive: active },
  );
  const now = core.clock.now();
  const whenWidth = 24;
  const whatWidth = Math.min(44, Math.max(24, width - whenWidth - 24));
  return (
    <Box flexDirection="column">
      <Text bold>Security activity</Text>
      <ErrorBanner error={events.error} />
      <ColumnHeads
        columns={[
          ['WHEN', whenWidth],
          ['WHAT', whatWidth],
        ]}
        last="DETAILS"
      />
      {events.data === undefined ? (
        <Text color="gray">Loading…</Text>
      ) : (
        <List
          items={items}
          selected={list.index}
          height={listHeight}
          focused={active}
          keyOf={(event) => event.id}
          renderRow={(event) => (
            <Text wrap="truncate-end">
              <Text color="gray">{pad(relative(event.at, now), whenWidth)}</Text>
              <Text color={tone(event.type)}>{pad(eventLabel(event.type), whatWidth)}</Text>
              <Text color="gray">{describeDetails(event)}</Text>
            </Text>
          )}
          empty={<Text color="gray">No security events yet.</Text>}
        />
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

/** Details whose stored value needs words (the rest is shown as `name: value`). */
const DETAIL_WORDS: Readonly<Record<string, (value: string) => string>> = {
  // Slack user ids are what a person sees in Slack's profile, so they are shown despite the rule below.
  userId: (value) => `Slack user ${value}`,
  previousUserId: (value) => `replacing Slack user ${value}`,
  reason: (value) => REASON_WORDS[value] ?? `reason: ${value}`,
  hint: (value) => `…${value}`,
  newHint: (value) => `replaced by …${value}`,
  reusedHint: (value) => `after …${value} was used again past its grace window`,
  source: (value) => SOURCE_WORDS[value] ?? `source: ${value}`,
  graceUntil: (value) => `the old token works until ${dateTime(value)}`,
  where: (value) => value,
};

const REASON_WORDS: Readonly<Record<string, string>> = {
  not_shown: 'never shown (Slack closed the window), so deleted at once',
  leaked: 'it leaked',
  reuse: 'a token it replaced was used again',
  signed_out_remotely: 'signed out from another session',
  signed_out_everywhere: 'signed out everywhere',
};

/** Who rotated or revoked a token. */
const SOURCE_WORDS: Readonly<Record<string, string>> = {
  api: 'through the Management API',
  dashboard: 'in the dashboard',
  slack: 'in Slack',
  public_revocation: 'reported through the public revocation endpoint',
  slack_leak_detection: 'posted in a Slack channel',
  reuse_detection: 'by reuse detection',
};

/** "via dashboard · until 15 Jan 2026, 10:15": the event's non-secret details in words. */
export function describeDetails(event: SecurityActivity): string {
  return Object.entries(event.details)
    // Ids mean nothing to a person; the names stored beside them do.
    .filter(([name, value]) => value !== null && value !== '' && (Object.hasOwn(DETAIL_WORDS, name) || !name.endsWith('Id')))
    // "ssh from 203.0.113.5" says more than "via ssh": where a sign-in came from replaces its front end.
    .filter(([name]) => !(name === 'via' && Object.hasOwn(event.details, 'from')))
    .map(([name, value]) => {
      if (Object.hasOwn(DETAIL_WORDS, name)) return DETAIL_WORDS[name]!(String(value));
      if (name === 'via') return `via ${String(value)}`;
      if (name === 'from') return String(value);
      if (name === 'retryAfter' && typeof value === 'string') return `next attempt after ${dateTime(value)}`;
      if (name === 'failures') return `${String(value)} failed attempts`;
      if (name === 'projectName' || name === 'description') return String(value);
      if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return `${name} ${dateTime(value)}`;
      return `${name}: ${String(value)}`;
    })
    .join(' · ');
}
