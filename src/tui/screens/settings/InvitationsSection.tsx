import { useState } from 'react';
import { Box, Text } from 'ink';
import type { InvitationView } from '../../../core/index.ts';
import { useCore, useDataChanged } from '../../context.tsx';
import { useNav, useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { List } from '../../components/List.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { pad, relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';
import type { SectionProps } from './section-props.ts';
import { InvitationDetails, NoInvitations } from './InvitationDetails.tsx';
import { openProjectFrom } from './open-project.ts';
import { wrappedRows } from './wrapped-rows.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';

const EXPLAINED = 'Projects you have been invited to. Accept to become a member and go to the project; decline to let the invitation go for good.';

/** Rows around the list besides the explanation: title, blank, headings; details (6), blank, status line. */
const CHROME_ROWS = 11;
const PROJECT_CELLS = 24;
const ROLE_CELLS = 10;
const EXPIRES_CELLS = 16;

/** The product page's words for what declining means. */
export const DECLINE_WARNING = 'You will lose the opportunity to enter the project.';

/**
 * Invitations: the projects the account is invited to, live. Accept (Enter or a) makes the
 * account a member and opens the project; decline (d) asks first, then the invitation is gone.
 */
export function InvitationsSection({ active, onExit, width, height }: SectionProps) {
  const core = useCore();
  const me = useAccount();
  const session = useSession();
  const { dispatch } = useNav();
  const pending = usePoll(() => me.invitations.listPending(), [session.accountId]);
  const items = pending.data ?? [];
  const listHeight = Math.max(3, height - CHROME_ROWS - wrappedRows(EXPLAINED, width));
  const list = useListNavigation(items.length, listHeight - 1);
  const action = useAction();
  const [declining, setDeclining] = useState<InvitationView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const globalKeys = useGlobalKeys(onExit);
  const dataChanged = useDataChanged();
  const listActive = active && declining === null;
  const selected = items[list.index];
  useKeyHints(
    items.length > 0
      ? [{ key: '↑↓', label: 'move' }, { key: 'Enter/a', label: 'accept' }, { key: 'd', label: 'decline' }, { key: 'Esc/←', label: 'sections' }, QUIT_HINT]
      : [{ key: 'Esc/←', label: 'sections' }, QUIT_HINT],
    listActive,
  );

  const accept = async (invitation: InvitationView) => {
    setNotice(null);
    const outcome = await action.run('accepting an invitation', () => me.invitations.accept(invitation.id));
    if (outcome.ok) openProjectFrom(dispatch, 'invitations', outcome.value.project);
    // It may have been answered, cancelled or expired meanwhile: show everything as it is now.
    else dataChanged();
  };

  const decline = async (invitation: InvitationView) => {
    setDeclining(null);
    setNotice(null);
    const outcome = await action.run('declining an invitation', () => me.invitations.decline(invitation.id));
    if (outcome.ok) setNotice(`Declined the invitation to ${invitation.projectName}.`);
    else dataChanged();
  };

  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) return;
      if (selected && !action.busy && (key.return || input === 'a')) void accept(selected);
      else if (selected && !action.busy && input === 'd') {
        action.clearError();
        setDeclining(selected);
      } else globalKeys(input, key);
    },
    { isActive: listActive },
  );

  if (!pending.data) return pending.error ? <ErrorBanner error={pending.error} /> : <Text color="gray">Loading…</Text>;
  const now = core.clock.now();
  const inviterCells = Math.max(10, width - 2 - PROJECT_CELLS - ROLE_CELLS - EXPIRES_CELLS);
  return (
    <Box flexDirection="column">
      <Text bold>
        Invitations{items.length > 0 ? <Text color="cyan"> ({items.length} pending)</Text> : null}
      </Text>
      <Text color="gray">{EXPLAINED}</Text>
      <Text> </Text>
      {items.length === 0 ? (
        <NoInvitations />
      ) : (
        <>
          <ColumnHeads
            columns={[
              ['PROJECT', PROJECT_CELLS],
              ['ROLE', ROLE_CELLS],
              ['EXPIRES', EXPIRES_CELLS],
            ]}
            last="INVITED BY"
          />
          <List
            items={items}
            selected={list.index}
            height={listHeight}
            focused={listActive}
            keyOf={(invitation) => invitation.id}
            renderRow={(invitation, isSelected) => (
              <Text wrap="truncate-end">
                <Text bold={isSelected} color={isSelected && listActive ? 'cyan' : undefined}>
                  {pad(invitation.projectName, PROJECT_CELLS)}
                </Text>
                {pad(invitation.role, ROLE_CELLS)}
                <Text color="yellow">{pad(relative(invitation.expiresAt, now), EXPIRES_CELLS)}</Text>
                <Text color="gray">{pad(invitation.invitedBy, inviterCells)}</Text>
              </Text>
            )}
          />
          {declining ? (
            <ConfirmDialog
              title={`Decline the invitation to ${declining.projectName}?`}
              message={DECLINE_WARNING}
              confirmLabel="decline"
              danger
              active={active}
              onConfirm={() => void decline(declining)}
              onCancel={() => setDeclining(null)}
            />
          ) : (
            selected && <InvitationDetails invitation={selected} now={now} />
          )}
        </>
      )}
      <Text> </Text>
      {action.busy ? <Text color="yellow">Answering the invitation…</Text> : <ErrorBanner error={action.error ?? pending.error} />}
      <SuccessLine text={notice} />
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
    </Box>
  );
}
