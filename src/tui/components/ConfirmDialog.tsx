import { Box, Text } from 'ink';
import { useKeyHints } from '../layout-context.tsx';
import { useKeys } from '../keyboard.tsx';
import { DialogKeys } from './DialogKeys.tsx';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  /** Red frame for what cannot be undone. */
  readonly danger?: boolean;
  readonly active?: boolean;
}

/** Asks before something that cannot be undone: y or Enter confirms, n or Esc cancels. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel, danger = false, active = true }: ConfirmDialogProps) {
  useKeyHints(
    [
      { key: 'y/Enter', label: confirmLabel },
      { key: 'n/Esc', label: 'cancel' },
    ],
    active,
  );
  useKeys(
    (input, key) => {
      if (key.return || input === 'y' || input === 'Y') onConfirm();
      else if (key.escape || input === 'n' || input === 'N') onCancel();
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={danger ? 'red' : 'yellow'} paddingX={2} paddingY={0} alignSelf="flex-start">
      <Text bold color={danger ? 'red' : 'yellow'}>
        {title}
      </Text>
      <Text>{message}</Text>
      <DialogKeys
        keys={[
          { key: 'y', label: confirmLabel },
          { key: 'n', label: 'cancel' },
        ]}
      />
    </Box>
  );
}
