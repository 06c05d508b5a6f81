import { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { TextField } from '../../components/TextField.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { RecoveryCodesView } from './RecoveryCodesView.tsx';
import { useKeys } from '../../keyboard.tsx';
import { useAccount } from '../../nav-context.tsx';

export interface MfaCodeFormProps {
  /** Turn MFA off, or replace the recovery codes; either takes a TOTP code or an unused recovery code. */
  readonly mode: 'disable' | 'regenerate';
  readonly accountId: string;
  readonly active: boolean;
  readonly onDone: (message: string | null) => void;
}

const TEXT = {
  disable: {
    title: 'Disable multi-factor authentication',
    explain: 'Without MFA a stolen password is enough to get into your account.',
    ask: 'Enter a current code from your app (or a recovery code) to confirm:',
    submit: 'disable MFA',
    busy: 'Disabling…',
    done: 'Multi-factor authentication is off.',
  },
  regenerate: {
    title: 'Regenerate recovery codes',
    explain: 'New codes replace all the old ones, used or not; the old ones stop working.',
    ask: 'Enter a current code from your app (or a recovery code) to confirm:',
    submit: 'issue new codes',
    busy: 'Issuing new codes…',
    done: 'New recovery codes issued; the old ones no longer work.',
  },
} as const;

/** An MFA action confirmed with a current code. */
export function MfaCodeForm({ mode, accountId, active, onDone }: MfaCodeFormProps) {
  const me = useAccount();
  const action = useAction();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const text = TEXT[mode];
  useKeyHints(
    [
      { key: 'Enter', label: text.submit },
      { key: 'Esc', label: 'cancel' },
    ],
    active && codes === null,
  );
  useKeys(
    (_input, key) => {
      if (key.escape) onDone(null);
    },
    { isActive: active && codes === null },
  );

  const submit = async () => {
    const entered = code.trim();
    if (action.busy || entered === '') return;
    if (mode === 'disable') {
      const outcome = await action.run('disabling MFA', () => me.mfa.disable(entered));
      if (outcome.ok) return onDone(text.done);
    } else {
      const outcome = await action.run('regenerating recovery codes', () => me.mfa.regenerateRecoveryCodes(entered));
      if (outcome.ok) return setCodes(outcome.value);
    }
    setCode('');
  };

  if (codes) return <RecoveryCodesView codes={codes} active={active} onDone={() => onDone(text.done)} />;
  return (
    <Box flexDirection="column">
      <Text bold>{text.title}</Text>
      <Text color={mode === 'disable' ? 'yellow' : 'gray'}>{text.explain}</Text>
      <Text> </Text>
      <Text>{text.ask}</Text>
      <TextField label="Code" value={code} onChange={setCode} focused={active} onSubmit={() => void submit()} placeholder="123456" labelWidth={10} valueWidth={16} />
      <Text> </Text>
      {action.busy ? <Text color="yellow">{text.busy}</Text> : <ErrorBanner error={action.error} />}
    </Box>
  );
}
