import { useState } from 'react';
import { Box, Text } from 'ink';
import { TOKEN_ROTATION_GRACE_DEFAULT_SECONDS, type RotatedToken, type TokenView } from '../../../core/index.ts';
import { useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAccount } from '../../nav-context.tsx';
import { SudoPrompt } from '../../components/SudoPrompt.tsx';
import { ChoiceRow } from '../../components/ChoiceRow.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import { oneLine } from '../../safe-text.ts';

export interface RotateTokenFormProps {
  readonly token: TokenView;
  readonly active: boolean;
  /** The new token, with its secret: shown once, like a new token. */
  readonly onRotated: (rotated: RotatedToken) => void;
  readonly onCancel: () => void;
}

/** How long the old token keeps working: the default grace window, or not at all (revoked at once). */
export const GRACE_CHOICES = [TOKEN_ROTATION_GRACE_DEFAULT_SECONDS, 0] as const;
type Grace = (typeof GRACE_CHOICES)[number];
const graceLabel = (grace: Grace): string => (grace === 0 ? 'not at all (revoke it now)' : 'for 1 hour');

export const ROTATE_EXPLAINED =
  'A new token replaces this one, with the same description and as long a lifetime from now. ' +
  'Switch whatever uses the old token to the new one while the old one still works.';

const LABEL_WIDTH = 16;

/** Rotate: choose how long the old token keeps working, then Enter. Sudo mode, like creating a token. */
export function RotateTokenForm({ token, active, onRotated, onCancel }: RotateTokenFormProps) {
  const me = useAccount();
  const action = useAction();
  const [grace, setGrace] = useState<Grace>(TOKEN_ROTATION_GRACE_DEFAULT_SECONDS);
  useKeyHints(
    [
      { key: '←→', label: 'grace' },
      { key: 'Enter', label: 'rotate token' },
      { key: 'Esc', label: 'cancel' },
    ],
    active && !action.sudo,
  );
  useKeys(
    (_input, key) => {
      if (key.escape) onCancel();
    },
    { isActive: active && !action.sudo },
  );

  const submit = async () => {
    if (action.busy) return;
    const outcome = await action.run('rotating a token', () => me.tokens.rotate(token.id, { graceSeconds: grace, source: 'dashboard' }));
    if (outcome.ok) onRotated(outcome.value);
  };

  if (action.sudo) return <SudoPrompt request={action.sudo} active={active} />;
  return (
    <Box flexDirection="column">
      <Text bold>
        Rotate “{oneLine(token.description)}” <Text color="gray">(…{token.hint})</Text>
      </Text>
      <Text color="gray" wrap="wrap">
        {ROTATE_EXPLAINED}
      </Text>
      <Text> </Text>
      <ChoiceRow
        label="Old token works"
        choices={GRACE_CHOICES}
        value={grace}
        labelOf={graceLabel}
        onChange={setGrace}
        onSubmit={() => void submit()}
        focused={active && !action.busy}
        labelWidth={LABEL_WIDTH}
      />
      <Text> </Text>
      {action.busy ? <Text color="yellow">Rotating the token…</Text> : <ErrorBanner error={action.error} />}
    </Box>
  );
}
