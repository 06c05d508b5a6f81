import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useCore } from '../context.tsx';
import { usePoll } from '../hooks/use-poll.ts';
import { relative } from '../format.ts';
import { useAccount } from '../nav-context.tsx';
import { oneLine } from '../safe-text.ts';

interface Glance {
  readonly mfaEnabled: boolean;
  readonly unread: number;
  readonly pendingInvitations: number;
  readonly expiringToken: { readonly description: string; readonly expiresAt: string } | null;
}

/**
 * The account at a glance beside the project list: what needs attention, each with the key
 * that goes there. Read with the live data, so an invitation sent meanwhile shows up.
 */
export function AccountGlance({ accountId, width }: { readonly accountId: string; readonly width: number }) {
  const core = useCore();
  const glance = useGlance(accountId);
  const data = glance.data;
  const now = core.clock.now();
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor="gray" paddingX={1} flexShrink={0}>
      <Text bold>Your account</Text>
      <Text> </Text>
      {!data ? (
        <Text color="gray">{glance.error ? 'Not available right now.' : 'Loading…'}</Text>
      ) : (
        <>
          <Line label="Multi-factor" hint="s">
            {data.mfaEnabled ? <Text color="green">● on</Text> : <Text color="yellow">○ off — enable it</Text>}
          </Line>
          <Line label="Notifications" hint="n">
            {data.unread > 0 ? <Text color="redBright">● {data.unread} unread</Text> : <Text color="gray">all read</Text>}
          </Line>
          <Line label="Invitations" hint="i">
            {data.pendingInvitations > 0 ? <Text color="cyan">{data.pendingInvitations} pending</Text> : <Text color="gray">none</Text>}
          </Line>
          <Line label="Access tokens" hint="t">
            {data.expiringToken ? (
              <Box flexDirection="column">
                <Text wrap="truncate-end">“{oneLine(data.expiringToken.description)}”</Text>
                <Text color="yellow">expires {relative(data.expiringToken.expiresAt, now)}</Text>
              </Box>
            ) : (
              <Text color="gray">none expiring soon</Text>
            )}
          </Line>
        </>
      )}
    </Box>
  );
}

/**
 * The same at a glance on one line, for terminals too narrow for the panel (under 100 columns):
 * MFA status, pending invitations and unread notifications, each with the key that goes there.
 */
export function AccountGlanceLine({ accountId }: { readonly accountId: string }) {
  const { data } = useGlance(accountId);
  if (!data) return <Text> </Text>;
  return (
    // At most 75 cells (999 unread): it fits the 78 of an 80-column terminal.
    <Text wrap="truncate-end">
      {data.mfaEnabled ? <Text color="green">MFA on</Text> : <Text color="yellow">MFA off</Text>}
      <Text color="cyan"> (s)</Text>
      <Text color="gray"> · </Text>
      {data.pendingInvitations > 0 ? (
        <Text color="cyan">{plural(data.pendingInvitations, 'invitation')} pending</Text>
      ) : (
        <Text color="gray">no pending invitations</Text>
      )}
      <Text color="cyan"> (i)</Text>
      <Text color="gray"> · </Text>
      {data.unread > 0 ? (
        <Text color="redBright">● {data.unread} unread {data.unread === 1 ? 'notification' : 'notifications'}</Text>
      ) : (
        <Text color="gray">no unread notifications</Text>
      )}
      <Text color="cyan"> (n)</Text>
    </Text>
  );
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** What needs attention on the account, read with the live data. */
function useGlance(accountId: string) {
  const me = useAccount();
  return usePoll(async (): Promise<Glance> => {
    const [account, unread, invitations, tokens] = await Promise.all([
      me.accounts.get(),
      me.notifications.unreadCount(),
      me.invitations.listPending(),
      me.tokens.listExpiringSoon(),
    ]);
    const soon = tokens[0];
    return {
      mfaEnabled: account.mfaEnabled,
      unread,
      pendingInvitations: invitations.length,
      expiringToken: soon ? { description: soon.description, expiresAt: soon.expiresAt } : null,
    };
  }, [accountId]);
}

function Line({ label, hint, children }: { readonly label: string; readonly hint: string; readonly children: ReactNode }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        <Text color="gray">{label}</Text>
        <Text color="cyan"> ({hint})</Text>
      </Text>
      <Box paddingLeft={2}>{children}</Box>
    </Box>
  );
}
