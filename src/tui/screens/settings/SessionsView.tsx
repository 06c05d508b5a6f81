import { useState } from 'react';
import { Box, Text } from 'ink';
import { SESSION_IDLE_MINUTES, SESSION_LIFETIME_HOURS, type SessionView } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useAccount, useNav } from '../../nav-context.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { FILTER_TYPING_HINTS, FilterLine } from '../../components/List.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';

const NONE: readonly SessionView[] = [];
const sessionKey = (session: SessionView) => session.id;

const VIA_LABELS = { dashboard: 'Dashboard', ssh: 'Dashboard over SSH', api: 'Management API', slack: 'Slack', cli: 'Command line' } as const;
/** What `/` searches in a session's row: where it was started and from where. */
const sessionText = (session: SessionView) => `${VIA_LABELS[session.via]} ${session.from}`;

/**
 * The account's active sessions (this one marked): ↑↓ to pick one, `d` to sign that one out (another
 * terminal, a forgotten SSH session), `E` to sign out of all of them.
 */
export function SessionsView({ active, onDone }: { readonly active: boolean; readonly onDone: () => void }) {
  const core = useCore();
  const me = useAccount();
  const { dispatch } = useNav();
  const sessions = usePoll(() => me.session.list(), [me]);
  const everywhere = useAction();
  const one = useAction();
  const [confirming, setConfirming] = useState<'everywhere' | SessionView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useListNavigation(sessions.data ?? NONE, sessionKey, 5, { textOf: sessionText });
  const selected = list.selected;
  // This session is ended by quitting or signing out; `d` is for the others.
  const removable = selected !== undefined && !selected.current;
  const filtering = list.filter !== null && (list.filter.editing || list.filter.query !== '');
  useKeyHints(
    list.filter?.editing
      ? FILTER_TYPING_HINTS
      : [
          { key: '↑↓', label: 'move' },
          ...(removable ? [{ key: 'd', label: 'sign out this session' }] : []),
          { key: 'E', label: 'sign out everywhere' },
          ...(list.filter && list.filter.total > 1 ? [{ key: '/', label: 'filter' }] : []),
          { key: 'Esc', label: filtering ? 'clear the filter' : 'back' },
        ],
    active && confirming === null,
  );
  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) setNotice(null);
      else if (key.escape) onDone();
      else if (input === 'E') setConfirming('everywhere');
      else if ((input === 'd' || key.delete) && removable) setConfirming(selected);
    },
    { isActive: active && confirming === null },
  );

  const signOutEverywhere = async () => {
    setConfirming(null);
    const outcome = await everywhere.run('signing out everywhere', () => me.session.signOutEverywhere());
    if (outcome.ok) dispatch({ type: 'logged-out', because: `You signed out everywhere (${outcome.value} session${outcome.value === 1 ? '' : 's'}).` });
  };

  const signOutOne = async (session: SessionView) => {
    setConfirming(null);
    const outcome = await one.run('signing out a session', () => me.session.signOutSession(session.id));
    if (outcome.ok) setNotice(`Signed out: ${VIA_LABELS[session.via]} · ${session.from}.`);
    sessions.reload();
  };

  const now = core.clock.now();
  return (
    <Box flexDirection="column">
      <Text bold>Active sessions</Text>
      <Text color="gray">{`A session ends after ${SESSION_IDLE_MINUTES} idle minutes, ${SESSION_LIFETIME_HOURS} hours after sign-in, and when the password or MFA changes.`}</Text>
      <Text> </Text>
      {list.filter && filtering ? <FilterLine filter={list.filter} /> : null}
      {sessions.data === undefined ? (
        <Text color="gray">Loading…</Text>
      ) : filtering && list.items.length === 0 ? (
        <Text color="gray">  Nothing matches; {list.filter?.total ?? 0} in all.</Text>
      ) : (
        list.items.map((session, index) => (
          // Two lines a session: it fits the narrowest panel (80 columns) without cutting anything.
          <Box key={session.id} flexDirection="column">
            <Text wrap="truncate-end" inverse={index === list.index}>
              {/* The pointer shows the selection where inverse video does not (no colour). */}
              {index === list.index ? '❯ ' : '  '}
              {session.current ? <Text color="green">● </Text> : '  '}
              <Text bold>{VIA_LABELS[session.via]}</Text> · {session.from}
              {session.current ? <Text color="green"> (this session)</Text> : null}
            </Text>
            <Text color="gray" wrap="truncate-end">
              {'    '}active {relative(session.lastActiveAt, now)} · started {relative(session.createdAt, now)}
            </Text>
          </Box>
        ))
      )}
      <Text> </Text>
      {notice && <Text color="green">{notice}</Text>}
      {confirming === 'everywhere' && (
        <ConfirmDialog
          title="Sign out everywhere?"
          message="Every session of this account ends, this one included: other terminals and SSH sessions return to sign-in."
          confirmLabel="sign out everywhere"
          danger
          onConfirm={() => void signOutEverywhere()}
          onCancel={() => setConfirming(null)}
          active={active}
        />
      )}
      {confirming !== null && confirming !== 'everywhere' && (
        <ConfirmDialog
          title="Sign out this session?"
          message={`${VIA_LABELS[confirming.via]} · ${confirming.from} returns to sign-in; whoever uses it must sign in again.`}
          confirmLabel="sign out"
          danger
          onConfirm={() => void signOutOne(confirming)}
          onCancel={() => setConfirming(null)}
          active={active}
        />
      )}
      <ErrorBanner error={everywhere.error ?? one.error ?? sessions.error} />
    </Box>
  );
}
