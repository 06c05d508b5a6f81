import { useState } from 'react';
import { Box, Text } from 'ink';
import type { JoinRequestView, ProjectRole } from '../../../core/index.ts';
import { useCore, useDataChanged } from '../../context.tsx';
import { useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { useListNavigation } from '../../hooks/use-list-navigation.ts';
import { List } from '../../components/List.tsx';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { ColumnHeads } from '../../components/ColumnHeads.tsx';
import { pad, relative } from '../../format.ts';
import { useKeys } from '../../keyboard.tsx';
import type { SectionProps } from './section-props.ts';
import { JoinRequestForm } from './JoinRequestForm.tsx';
import { ApproveDialog } from './ApproveDialog.tsx';
import { RejectDialog } from './RejectDialog.tsx';

/** A row: a request to one of the account's projects (to answer), or one of its own. */
type Row = { readonly kind: 'answer' | 'own'; readonly request: JoinRequestView };

const WHO_CELLS = 30;
const PROJECT_CELLS = 22;
const STATE_CELLS = 11;
/** Rows besides the list: title, explanation, blank, headings, blank, status lines, details. */
const CHROME_ROWS = 10;
/** Rows the reject dialog (its reason field, an error under it, its keys) takes beyond the details it replaces. */
const REJECT_DIALOG_EXTRA_ROWS = 5;

/**
 * Join requests: the pending requests to projects the account administers (a approve with the
 * role chosen, guest preselected; r reject, with a reason for the requester if the admin gives
 * one) and the account's own requests (n new, c cancel a pending one).
 */
export function JoinRequestsSection({ active, onExit, width, height }: SectionProps) {
  const core = useCore();
  const me = useAccount();
  const session = useSession();
  const toAnswer = usePoll(() => me.joinRequests.listToAnswer(), [session.accountId]);
  const own = usePoll(() => me.joinRequests.listOwn(), [session.accountId]);
  const rows: Row[] = [...(toAnswer.data ?? []).map((request) => ({ kind: 'answer' as const, request })), ...(own.data ?? []).map((request) => ({ kind: 'own' as const, request }))];
  const action = useAction();
  const dataChanged = useDataChanged();
  const globalKeys = useGlobalKeys(onExit);
  const [asking, setAsking] = useState(false);
  const [rejecting, setRejecting] = useState<JoinRequestView | null>(null);
  const [approving, setApproving] = useState<JoinRequestView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Why the reject dialog closed without rejecting (answered meanwhile…): its own action is gone with it. */
  const [rejectFailure, setRejectFailure] = useState<unknown>(null);
  // The list gives up rows while the reject dialog is open, so the dialog and the lines under it stay on screen.
  const listHeight = Math.max(3, height - CHROME_ROWS - (rejecting ? REJECT_DIALOG_EXTRA_ROWS : 0));
  const list = useListNavigation(rows, (row) => `${row.kind}:${row.request.id}`, listHeight - 1);
  const listActive = active && !asking && rejecting === null && approving === null;
  const selected = list.selected;
  const pendingSelected = selected?.request.status === 'pending' ? selected : undefined;
  useKeyHints(
    [
      { key: '↑↓', label: 'move' },
      ...(pendingSelected?.kind === 'answer' ? [{ key: 'a', label: 'approve' }, { key: 'r', label: 'reject' }] : []),
      ...(pendingSelected?.kind === 'own' ? [{ key: 'c', label: 'cancel request' }] : []),
      { key: 'n', label: 'ask to join a project' },
      { key: 'Esc', label: 'sections' },
      QUIT_HINT,
    ],
    listActive,
  );

  const answer = async (request: JoinRequestView, how: 'approve' | 'cancel', role?: ProjectRole) => {
    setApproving(null);
    setNotice(null);
    setRejectFailure(null);
    const outcome = await action.run(`${how} a join request`, () =>
      how === 'approve' ? me.joinRequests.approve(request.id, role === undefined ? {} : { role }) : me.joinRequests.cancel(request.id),
    );
    if (outcome.ok) {
      setNotice(
        how === 'cancel'
          ? `Cancelled your request to join ${request.projectName}.`
          : `Approved the request of ${request.email} to join ${request.projectName} as ${outcome.value.approvedRole ?? role}.`,
      );
    } else dataChanged();
  };

  const startRejecting = (request: JoinRequestView) => {
    setNotice(null);
    setRejectFailure(null);
    action.clearError();
    setRejecting(request);
  };

  useKeys(
    (input, key) => {
      if (list.handleKey(input, key)) return;
      if (input === 'n') {
        setNotice(null);
        setRejectFailure(null);
        action.clearError();
        setAsking(true);
      } else if (pendingSelected?.kind === 'answer' && !action.busy && input === 'a') setApproving(pendingSelected.request);
      else if (pendingSelected?.kind === 'answer' && !action.busy && input === 'r') startRejecting(pendingSelected.request);
      else if (pendingSelected?.kind === 'own' && !action.busy && input === 'c') void answer(pendingSelected.request, 'cancel');
      else globalKeys(input, key);
    },
    { isActive: listActive },
  );

  if (asking) {
    return (
      <JoinRequestForm
        active={active}
        onDone={(message) => {
          setAsking(false);
          setNotice(message);
        }}
      />
    );
  }
  const now = core.clock.now();
  const loading = toAnswer.data === undefined || own.data === undefined;
  return (
    <Box flexDirection="column">
      <Text bold>Join requests</Text>
      <Text color="gray">Ask to join a project by its id (n). Requests to the projects you administer show first: approve (a) or reject (r) them.</Text>
      <Text> </Text>
      {loading ? (
        <Text color="gray">Loading…</Text>
      ) : (
        <>
          <ColumnHeads
            columns={[
              ['', 3],
              ['WHO', WHO_CELLS],
              ['PROJECT', PROJECT_CELLS],
              ['STATE', STATE_CELLS],
            ]}
            last="EXPIRES"
          />
          <List
            items={rows}
            selected={list.index}
            height={listHeight}
            focused={listActive}
            keyOf={(row) => `${row.kind}:${row.request.id}`}
            renderRow={(row, isSelected) => (
              <Text wrap="truncate-end">
                <Text color={row.kind === 'answer' ? 'yellow' : 'gray'}>{pad(row.kind === 'answer' ? '→' : '', 3)}</Text>
                <Text bold={isSelected}>{pad(row.kind === 'answer' ? row.request.email : 'you', WHO_CELLS)}</Text>
                {pad(row.request.projectName, PROJECT_CELLS)}
                {pad(row.request.status, STATE_CELLS)}
                <Text color="gray">{row.request.status === 'pending' ? relative(row.request.expiresAt, now) : row.request.answeredBy ? `by ${row.request.answeredBy}` : ''}</Text>
              </Text>
            )}
            empty={<Text color="gray">No join requests. Press n to ask to join a project by its id.</Text>}
          />
          {approving ? (
            <ApproveDialog request={approving} active={active} onApprove={(role) => void answer(approving, 'approve', role)} onCancel={() => setApproving(null)} />
          ) : rejecting ? (
            <RejectDialog
              request={rejecting}
              active={active}
              width={width}
              onRejected={(rejected) => {
                setRejecting(null);
                setNotice(`Rejected the request of ${rejected.email} to join ${rejected.projectName}${rejected.rejectionReason ? ', with your reason' : ''}.`);
              }}
              onFailed={(error) => {
                setRejecting(null);
                setRejectFailure(error);
                dataChanged();
              }}
              onCancel={() => setRejecting(null)}
            />
          ) : (
            selected && <RequestDetails request={selected.request} />
          )}
        </>
      )}
      {action.busy ? <Text color="yellow">Answering…</Text> : <ErrorBanner error={action.error ?? rejectFailure ?? toAnswer.error ?? own.error} />}
      <SuccessLine text={notice} />
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
    </Box>
  );
}

function RequestDetails({ request }: { readonly request: JoinRequestView }) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="gray" paddingX={1}>
      <Text>
        <Text bold>{request.name}</Text> ({request.email}) · {request.projectName}
        {request.membershipLifetime ? ` · for ${request.membershipLifetime}` : ''}
      </Text>
      {request.reason ? <Text>“{request.reason}”</Text> : <Text color="gray">No reason given.</Text>}
      {request.approvedRole && <Text color="green">Approved as {request.approvedRole}.</Text>}
      {request.rejectionReason && <Text color="red">Rejected: “{request.rejectionReason}”</Text>}
    </Box>
  );
}
