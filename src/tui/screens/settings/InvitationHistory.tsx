import { Box, Text } from 'ink';
import { INVITATION_HISTORY_DAYS, type InvitationView } from '../../../core/index.ts';
import { useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { List } from '../../components/List.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';
import { day, pad } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';

const PROJECT_CELLS = 24;
const STATE_CELLS = 11;
const WHEN_CELLS = 14;
/** Rows besides the list: title, explanation, blank, headings, blank, status. */
const CHROME_ROWS = 6;

/** When an invitation stopped being open: its answer, or its expiry. */
const settledAt = (invitation: InvitationView): string => (invitation.status === 'expired' ? invitation.expiresAt : invitation.answeredAt ?? invitation.expiresAt);

const NONE: readonly InvitationView[] = [];

/** Invitations › history: the answered, expired and cancelled invitations of the last 90 days, read-only. */
export function InvitationHistory({ active, onClose, width, height }: { readonly active: boolean; readonly onClose: () => void; readonly width: number; readonly height: number }) {
  const me = useAccount();
  const session = useSession();
  const history = usePoll(() => me.invitations.listHistory(), [session.accountId]);
  const listHeight = Math.max(3, height - CHROME_ROWS);
  const list = useListNavigation(history.data ?? NONE, (invitation) => invitation.id, listHeight - 1);
  const items = list.items;
  useKeyHints([{ key: '↑↓', label: 'move' }, { key: 'Esc/h', label: 'back to pending' }, QUIT_HINT], active);
  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) return;
      if (key.escape || input === 'h') onClose();
    },
    { isActive: active },
  );
  const inviterCells = Math.max(10, width - 2 - PROJECT_CELLS - STATE_CELLS - WHEN_CELLS);
  return (
    <Box flexDirection="column">
      <Text bold>Invitation history</Text>
      <Text color="gray">Invitations you answered, that expired or were cancelled in the last {INVITATION_HISTORY_DAYS} days. Read-only.</Text>
      <Text> </Text>
      {history.data === undefined ? (
        <Text color="gray">Loading…</Text>
      ) : (
        <>
          <ColumnHeads
            columns={[
              ['PROJECT', PROJECT_CELLS],
              ['STATE', STATE_CELLS],
              ['ON', WHEN_CELLS],
            ]}
            last="INVITED BY"
          />
          <List
            items={items}
            selected={list.index}
            height={listHeight}
            focused={active}
            keyOf={(invitation) => invitation.id}
            renderRow={(invitation) => (
              <Text wrap="truncate-end">
                {pad(invitation.projectName, PROJECT_CELLS)}
                <Text color={invitation.status === 'accepted' ? 'green' : 'gray'}>{pad(invitation.status, STATE_CELLS)}</Text>
                {pad(day(settledAt(invitation)), WHEN_CELLS)}
                <Text color="gray">{pad(invitation.invitedBy, inviterCells)}</Text>
              </Text>
            )}
            empty={<Text color="gray">No answered invitations in the last {INVITATION_HISTORY_DAYS} days.</Text>}
          />
        </>
      )}
      <ErrorBanner error={history.error} />
    </Box>
  );
}
