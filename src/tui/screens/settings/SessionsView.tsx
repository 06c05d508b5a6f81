import { useState } from 'react';
import { Box, Text } from 'ink';
import { SESSION_IDLE_MINUTES, SESSION_LIFETIME_HOURS } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useAccount, useNav } from '../../nav-context.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';

const VIA_LABELS = { dashboard: 'Dashboard', ssh: 'Dashboard over SSH', api: 'Management API', slack: 'Slack', cli: 'Command line' } as const;

/** The account's active sessions (this one marked), and `E` to sign out of all of them. */
export function SessionsView({ active, onDone }: { readonly active: boolean; readonly onDone: () => void }) {
  const core = useCore();
  const me = useAccount();
  const { dispatch } = useNav();
  const sessions = usePoll(() => me.session.list(), [me]);
  const everywhere = useAction();
  const [confirming, setConfirming] = useState(false);
  useKeyHints([{ key: 'E', label: 'sign out everywhere' }, { key: 'Esc', label: 'back' }], active && !confirming);
  useKeys(
    (input, key) => {
      if (key.escape) onDone();
      else if (input === 'E') setConfirming(true);
    },
    { isActive: active && !confirming },
  );

  const signOutEverywhere = async () => {
    setConfirming(false);
    const outcome = await everywhere.run('signing out everywhere', () => me.session.signOutEverywhere());
    if (outcome.ok) dispatch({ type: 'logged-out', because: `You signed out everywhere (${outcome.value} session${outcome.value === 1 ? '' : 's'}).` });
  };

  const now = core.clock.now();
  return (
    <Box flexDirection="column">
      <Text bold>Active sessions</Text>
      <Text color="gray">{`A session ends after ${SESSION_IDLE_MINUTES} idle minutes, ${SESSION_LIFETIME_HOURS} hours after sign-in, and when the password or MFA changes.`}</Text>
      <Text> </Text>
      {sessions.data === undefined ? (
        <Text color="gray">Loading…</Text>
      ) : (
        sessions.data.map((session) => (
          // Two lines a session: it fits the narrowest panel (80 columns) without cutting anything.
          <Box key={`${session.createdAt}:${session.via}:${session.from}`} flexDirection="column">
            <Text wrap="truncate-end">
              {session.current ? <Text color="green">● </Text> : '  '}
              <Text bold>{VIA_LABELS[session.via]}</Text> · {session.from}
              {session.current ? <Text color="green"> (this session)</Text> : null}
            </Text>
            <Text color="gray" wrap="truncate-end">
              {'  '}active {relative(session.lastActiveAt, now)} · started {relative(session.createdAt, now)}
            </Text>
          </Box>
        ))
      )}
      <Text> </Text>
      {confirming && (
        <ConfirmDialog
          title="Sign out everywhere?"
          message="Every session of this account ends, this one included: other terminals and SSH sessions return to sign-in."
          confirmLabel="sign out everywhere"
          danger
          onConfirm={() => void signOutEverywhere()}
          onCancel={() => setConfirming(false)}
          active={active}
        />
      )}
      <ErrorBanner error={everywhere.error ?? sessions.error} />
    </Box>
  );
}
