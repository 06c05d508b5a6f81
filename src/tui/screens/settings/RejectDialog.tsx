import { useState } from 'react';
import { Box, Text } from 'ink';
import { isAccountError, JOIN_REQUEST_REASON_MAX_LENGTH, type JoinRequestView } from '../../../core/index.ts';
import { useAccount } from '../../nav-context.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useFieldFault } from '../../hooks/use-field-fault.ts';
import { TextField } from '../../components/TextField.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { DialogKeys } from '../../components/DialogKeys.tsx';
import { useKeys } from '../../keyboard.tsx';
import { oneLine } from '../../safe-text.ts';

export interface RejectDialogProps {
  readonly request: JoinRequestView;
  readonly active: boolean;
  /** Cells the dialog may take: the section's width. */
  readonly width: number;
  /** Rejected: the request as the core answered it (with the reason it kept). */
  readonly onRejected: (rejected: JoinRequestView) => void;
  /**
   * Not rejected for something the reason cannot fix (answered or expired meanwhile, no longer an
   * admin): the dialog is done, and the section shows `error`.
   */
  readonly onFailed: (error: unknown) => void;
  readonly onCancel: () => void;
}

const LABEL = 'Reason (shown to them)';
/** The label column: the pointer, the label and a space. */
const LABEL_WIDTH = LABEL.length + 3;
/** Cells of the frame around the dialog: its border and padding on each side. */
const FRAME_CELLS = 4;
const MIN_VALUE_WIDTH = 8;

/**
 * Asks before rejecting a join request, with an optional one-line reason the requester is sent
 * (their dashboard, their bell, their Slack DM): Enter rejects, Esc cancels. A reason the core
 * refuses (too long, control or invisible formatting characters) is shown under the field in the
 * core's words; nothing changes, and the field keeps the keyboard until its text changes.
 */
export function RejectDialog({ request, active, width, onRejected, onFailed, onCancel }: RejectDialogProps) {
  const me = useAccount();
  const action = useAction();
  const [reason, setReason] = useState('');
  const { blame, changed, clear } = useFieldFault<'reason'>('reason', action.clearError);
  useKeyHints(
    [
      { key: 'Enter', label: 'reject' },
      { key: 'Esc', label: 'cancel' },
      { key: 'Ctrl+U', label: 'clear' },
    ],
    active,
  );
  useKeys(
    (_input, key) => {
      // While the core answers, the outcome decides what closes the dialog.
      if (key.escape && !action.busy) onCancel();
    },
    { isActive: active },
  );

  const submit = async () => {
    if (action.busy) return;
    clear();
    const outcome = await action.run('rejecting a join request', () => me.joinRequests.reject(request.id, { reason }));
    if (outcome.ok) return onRejected(outcome.value);
    // The reason is the one thing here the user can fix: its error stays on the field.
    if (isAccountError(outcome.error, 'INVALID_INPUT') && outcome.error.details['field'] === 'reason') return blame('reason');
    onFailed(outcome.error);
  };

  const valueWidth = Math.max(MIN_VALUE_WIDTH, width - FRAME_CELLS - LABEL_WIDTH);
  return (
    // As wide as the section and no wider: the field's width follows the terminal's on a resize.
    <Box flexDirection="column" borderStyle="double" borderColor="red" paddingX={1} width="100%">
      <Text bold color="red">
        Reject the request of {request.email} to join {request.projectName}?
      </Text>
      {request.reason ? (
        <Text color="gray" wrap="truncate-end">
          They asked: “{oneLine(request.reason)}”
        </Text>
      ) : null}
      <Text>They are told it was rejected, with your reason if you give one.</Text>
      <TextField
        label={LABEL}
        value={reason}
        onChange={(value) => {
          setReason(value);
          changed('reason');
        }}
        focused={active}
        onSubmit={() => void submit()}
        placeholder={`optional, up to ${JOIN_REQUEST_REASON_MAX_LENGTH} characters`}
        labelWidth={LABEL_WIDTH}
        valueWidth={valueWidth}
      />
      <Box marginLeft={LABEL_WIDTH}>{action.busy ? <Text color="yellow">Rejecting…</Text> : <ErrorBanner error={action.error} />}</Box>
      <DialogKeys
        keys={[
          { key: 'Enter', label: 'reject' },
          { key: 'Esc', label: 'cancel' },
        ]}
      />
    </Box>
  );
}
