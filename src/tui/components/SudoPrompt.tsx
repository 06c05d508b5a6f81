import { useState } from 'react';
import { Box, Text } from 'ink';
import { isTotpCodeShape, SUDO_MINUTES } from '../../core/index.ts';
import { useAccount } from '../nav-context.tsx';
import { useAction, type SudoRequest } from '../hooks/use-action.ts';
import { useKeyHints } from '../layout-context.tsx';
import { useKeys } from '../keyboard.tsx';
import { TextField } from './TextField.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';

/**
 * Sudo mode, inline: the action the user asked for needs their password (or, with MFA on, a code
 * from the app) given within the last SUDO_MINUTES. Once confirmed, the action goes on by itself;
 * Esc gives up and nothing happens.
 */
export function SudoPrompt({ request, active = true }: { readonly request: SudoRequest; readonly active?: boolean }) {
  const me = useAccount();
  const confirm = useAction();
  const [value, setValue] = useState('');
  const withCode = request.proof === 'password_or_code';
  useKeyHints(
    [
      { key: 'Enter', label: 'confirm' },
      { key: 'Esc', label: 'cancel' },
    ],
    active,
  );
  useKeys(
    (_input, key) => {
      if (key.escape) request.settle(false);
    },
    { isActive: active },
  );

  const submit = async () => {
    if (confirm.busy || value === '') return;
    const entered = value.replace(/\s/g, '');
    const proof = withCode && isTotpCodeShape(entered) ? { code: entered } : { password: value };
    const outcome = await confirm.run('confirming it is you', () => me.session.reauthenticate(proof));
    setValue('');
    if (outcome.ok) request.settle(true);
  };

  return (
    <Box flexDirection="column">
      <Text bold>Confirm it is you</Text>
      <Text color="gray" wrap="wrap">
        {`This needs your password${withCode ? ' or a code from your authenticator app' : ''}: it has been more than ${SUDO_MINUTES} minutes since you last entered it.`}
      </Text>
      <Text> </Text>
      <TextField
        label={withCode ? 'Password or code' : 'Password'}
        value={value}
        onChange={setValue}
        focused={active}
        mask
        onSubmit={() => void submit()}
        labelWidth={18}
        valueWidth={40}
      />
      <Text> </Text>
      {confirm.busy ? <Text color="yellow">Checking…</Text> : <ErrorBanner error={confirm.error} />}
    </Box>
  );
}
