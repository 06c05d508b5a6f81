import { useState } from 'react';
import { Box, Text } from 'ink';
import { isAccountError, type InvitationView } from '../../../core/index.ts';
import { useCore, useDataChanged } from '../../context.tsx';
import { useNav, useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { FILTER_TYPING_HINTS, List } from '../../components/List.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { pad, relative } from '../../format.ts';
import { fitLine, oneLine } from '../../safe-text.ts';
import { useKeys } from '../../keyboard.tsx';
import type { SectionProps } from './section-props.ts';
import { DETAILS_ROWS, InvitationDetails, NoInvitations, REASON_ROWS, reasonPreview } from './InvitationDetails.tsx';
import { ScrollView, useScroll } from '../../components/ScrollView.tsx';
import { wrapLines } from '../../safe-text.ts';
import { openProjectFrom } from './open-project.ts';
import { wrappedRows } from './wrapped-rows.ts';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';
import { MfaRequiredGuide } from './MfaRequiredGuide.tsx';
import { InvitationHistory } from './InvitationHistory.tsx';
import { Paragraph } from '../../components/Paragraph.tsx';

const NONE: readonly InvitationView[] = [];
const invitationKey = (invitation: InvitationView) => invitation.id;
const invitationText = (invitation: InvitationView) => `${invitation.projectName} ${invitation.role} ${invitation.invitedBy} ${invitation.reason ?? ''}`;

const EXPLAINED = 'Projects you have been invited to. Accept to become a member and go to the project; decline to let the invitation go for good.';

/** Rows around the list besides the explanation: title, blank, headings; details, blank, status line, hint. */
const CHROME_ROWS = 7 + DETAILS_ROWS + REASON_ROWS;
const PROJECT_CELLS = 24;
const ROLE_CELLS = 10;
const EXPIRES_CELLS = 16;
/** "MFA required" up front for projects that require it. */
const MFA_CELLS = 14;

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
  const listHeight = Math.max(3, height - CHROME_ROWS - wrappedRows(EXPLAINED, width));
  const list = useListNavigation(pending.data ?? NONE, invitationKey, listHeight - 1, { textOf: invitationText });
  const items = list.items;
  const action = useAction();
  const [declining, setDeclining] = useState<InvitationView | null>(null);
  const [accepting, setAccepting] = useState<InvitationView | null>(null);
  /** The invitation whose accept needs MFA first: the guide takes over the section. */
  const [guided, setGuided] = useState<InvitationView | null>(null);
  const [history, setHistory] = useState(false);
  // The whole reason of one invitation, scrolled (v), in place of the list.
  const [reading, setReading] = useState<InvitationView | null>(null);
  const readingLines = reading?.reason ? wrapLines(reading.reason, width) : [];
  const readingHeight = Math.max(3, height - 4);
  const readingScroll = useScroll(readingLines.length, readingHeight);
  const [notice, setNotice] = useState<string | null>(null);
  const globalKeys = useGlobalKeys(onExit);
  const dataChanged = useDataChanged();
  const listActive = active && declining === null && accepting === null && guided === null && !history && reading === null;
  const selected = list.selected;
  const reasonCut = selected?.reason ? reasonPreview(selected.reason, width).cut : false;
  useKeyHints([{ key: '↑↓ PgUp PgDn', label: 'scroll' }, { key: 'Esc', label: 'back to the list' }], active && reading !== null);
  useKeys(
    (input, key) => {
      if (readingScroll.handleKey(input, key)) return;
      if (key.escape || input === 'v') setReading(null);
    },
    { isActive: active && reading !== null },
  );
  useKeyHints(
    list.filter?.editing
      ? FILTER_TYPING_HINTS
      : selected
        ? [
            { key: '↑↓', label: 'move' },
            // The key hint names what Enter would act on, so a row that moved is never accepted unseen.
            { key: 'Enter/a', label: `accept ${fitLine(selected.projectName, 24)}` },
            { key: 'd', label: 'decline' },
            { key: 'h', label: 'history' },
            ...(reasonCut ? [{ key: 'v', label: 'whole reason' }] : []),
            { key: '/', label: 'filter' },
            { key: 'Esc/←', label: 'sections' },
            QUIT_HINT,
          ]
        : [{ key: 'h', label: 'history' }, { key: 'Esc/←', label: 'sections' }, QUIT_HINT],
    listActive,
  );

  const accept = async (invitation: InvitationView) => {
    setAccepting(null);
    setNotice(null);
    const outcome = await action.run('accepting an invitation', () => me.invitations.accept(invitation.id));
    if (outcome.ok) {
      setGuided(null);
      openProjectFrom(dispatch, 'invitations', outcome.value.project);
    } else if (isAccountError(outcome.error, 'PROJECT_MFA_REQUIRED')) {
      // Not an error to dwell on: the guide explains it and takes the user through enabling MFA.
      action.clearError();
      setGuided(invitation);
    }
    // It may have been answered, cancelled or expired meanwhile: show everything as it is now.
    else {
      setGuided(null);
      dataChanged();
    }
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
      if (selected && !action.busy && (key.return || input === 'a')) {
        // Accepting asks first, as declining does: the question names the project.
        action.clearError();
        setAccepting(selected);
      } else if (selected && reasonCut && input === 'v') {
        readingScroll.setOffset(0);
        setReading(selected);
      } else if (selected && !action.busy && input === 'd') {
        action.clearError();
        setDeclining(selected);
      } else if (input === 'h') setHistory(true);
      else globalKeys(input, key);
    },
    { isActive: listActive },
  );

  if (guided) {
    return (
      <Box flexDirection="column">
        <MfaRequiredGuide
          invitation={guided}
          accountId={session.accountId}
          active={active}
          width={width}
          height={height - 2}
          onEnabled={() => void accept(guided)}
          onCancel={() => setGuided(null)}
        />
        {action.busy ? <Text color="yellow">Accepting the invitation…</Text> : <ErrorBanner error={action.error} />}
      </Box>
    );
  }
  if (history) return <InvitationHistory active={active} onClose={() => setHistory(false)} width={width} height={height} />;

  if (!pending.data) return pending.error ? <ErrorBanner error={pending.error} /> : <Text color="gray">Loading…</Text>;
  if (reading) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold wrap="truncate-end">
          Why you were invited to {oneLine(reading.projectName)}
        </Text>
        <Text color="gray" wrap="truncate-end">
          From {oneLine(reading.invitedBy)}
        </Text>
        <Text> </Text>
        <ScrollView lines={readingLines.map((text) => ({ text }))} offset={readingScroll.offset} height={readingHeight} />
      </Box>
    );
  }
  const now = core.clock.now();
  // The column shows only when some project on the list requires MFA: the inviter keeps the room otherwise.
  const mfaCells = items.some((invitation) => invitation.projectRequiresMfa) ? MFA_CELLS : 0;
  const inviterCells = Math.max(10, width - 2 - PROJECT_CELLS - ROLE_CELLS - mfaCells - EXPIRES_CELLS);
  return (
    <Box flexDirection="column">
      <Text bold>
        Invitations{items.length > 0 ? <Text color="cyan"> ({items.length} pending)</Text> : null}
      </Text>
      <Paragraph color="gray" text={EXPLAINED} width={width} />
      <Text> </Text>
      {items.length === 0 ? (
        <NoInvitations />
      ) : (
        <>
          <ColumnHeads
            columns={[
              ['PROJECT', PROJECT_CELLS],
              ['ROLE', ROLE_CELLS],
              ['', mfaCells],
              ['EXPIRES', EXPIRES_CELLS],
            ]}
            last="INVITED BY"
          />
          <List
            items={items}
            selected={list.index}
            height={listHeight}
            filter={list.filter}
            focused={listActive}
            keyOf={(invitation) => invitation.id}
            renderRow={(invitation, isSelected) => (
              <Text wrap="truncate-end">
                <Text bold={isSelected} color={isSelected && listActive ? 'cyan' : undefined}>
                  {pad(invitation.projectName, PROJECT_CELLS)}
                </Text>
                {pad(invitation.role, ROLE_CELLS)}
                {invitation.projectRequiresMfa ? <Text color="yellow">{pad('MFA required', mfaCells)}</Text> : mfaCells > 0 ? pad('', mfaCells) : null}
                <Text color="yellow">{pad(relative(invitation.expiresAt, now), EXPIRES_CELLS)}</Text>
                <Text color="gray">{pad(invitation.invitedBy, inviterCells)}</Text>
              </Text>
            )}
          />
          {accepting ? (
            <ConfirmDialog
              title={`Accept the invitation to ${oneLine(accepting.projectName)}?`}
              message={`You join ${oneLine(accepting.projectName)} as ${accepting.role} and the project opens.`}
              confirmLabel="accept"
              active={active}
              onConfirm={() => void accept(accepting)}
              onCancel={() => setAccepting(null)}
            />
          ) : declining ? (
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
            selected && <InvitationDetails invitation={selected} now={now} width={width} />
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
