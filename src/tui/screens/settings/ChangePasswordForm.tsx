import { useState } from 'react';
import { Box, Text } from 'ink';
import { isAccountError, passwordProblem } from '../../../core/index.ts';
import { useAccount } from '../../nav-context.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useFieldFault } from '../../hooks/use-field-fault.ts';
import { TextField } from '../../components/TextField.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { passwordProblemText } from '../../messages.ts';
import { usePasswordCheck } from '../../hooks/use-password-check.ts';
import { useKeys } from '../../keyboard.tsx';

export interface ChangePasswordFormProps {
  readonly accountId: string;
  readonly email: string;
  /** The display name: the policy refuses passwords built from it. */
  readonly name: string;
  readonly active: boolean;
  /** Called with a confirmation after a change, or null when cancelled. */
  readonly onDone: (message: string | null) => void;
}

const FIELDS = ['current', 'next', 'confirm'] as const;
type Field = (typeof FIELDS)[number];

export const MISMATCH = 'The two new passwords do not match.';

/** The field a refusal of the core is about: the new password (its policy, or unchanged), else the current one, which was cleared. */
function faultOf(error: unknown): Field {
  return isAccountError(error) && error.code.startsWith('PASSWORD_') ? 'next' : 'current';
}

/**
 * Current, new and confirmation. The policy (with the reason a password is refused) and the
 * confirmation are checked as you type, so most problems show before anything is submitted;
 * the core checks everything again.
 */
export function ChangePasswordForm({ accountId, email, name, active, onDone }: ChangePasswordFormProps) {
  const me = useAccount();
  const action = useAction();
  const [values, setValues] = useState<Record<Field, string>>({ current: '', next: '', confirm: '' });
  const { focus, setFocus, message: localError, blame, changed, clear } = useFieldFault<Field>('current', action.clearError);
  useKeyHints(
    [
      { key: 'Tab/↑↓', label: 'field' },
      { key: 'Enter', label: focus === 'confirm' ? 'change password' : 'next' },
      { key: 'Esc', label: 'cancel' },
    ],
    active,
  );

  const check = usePasswordCheck(values.next, { email, name });
  const mismatch = values.confirm !== '' && values.confirm !== values.next;
  const set = (field: Field) => (value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    changed(field);
  };

  const submit = async () => {
    if (action.busy) return;
    clear();
    if (values.current === '') return blame('current', 'Enter your current password.');
    if (values.next === '') return blame('next', 'Enter a new password.');
    // The live verdict may be for a value typed a moment earlier: judge exactly what is there.
    const problem = await passwordProblem(values.next, { email, name });
    if (problem) return blame('next', passwordProblemText(problem));
    if (values.confirm !== values.next) return blame('confirm', MISMATCH);
    const outcome = await action.run('changing the password', () =>
      me.accounts.changePassword({ currentPassword: values.current, newPassword: values.next }),
    );
    if (outcome.ok) return onDone('Password changed.');
    // Never kept on screen after a refusal; typing it again is what clears the message.
    setValues((previous) => ({ ...previous, current: '' }));
    blame(faultOf(outcome.error));
  };

  const step = (by: 1 | -1) => setFocus((current) => FIELDS[(FIELDS.indexOf(current) + by + FIELDS.length) % FIELDS.length]!);
  useKeys(
    (_input, key) => {
      if (key.escape) onDone(null);
      else if ((key.tab && key.shift) || key.upArrow) step(-1);
      else if (key.tab || key.downArrow) step(1);
    },
    { isActive: active },
  );
  const onEnter = () => (focus === 'confirm' ? void submit() : step(1));

  return (
    <Box flexDirection="column">
      <Text bold>Change password</Text>
      <Text color="gray">Your email is your identifier and cannot be changed; the password can.</Text>
      <Text> </Text>
      <TextField label="Current password" value={values.current} onChange={set('current')} focused={active && focus === 'current'} mask onSubmit={onEnter} />
      <TextField label="New password" value={values.next} onChange={set('next')} focused={active && focus === 'next'} mask onSubmit={onEnter} />
      <Box marginLeft={20}>
        {check.problem ? (
          <Text color="red">✖ {passwordProblemText(check.problem)}</Text>
        ) : check.checked && !check.pending ? (
          <Text color="green">✔ Meets the password policy.</Text>
        ) : check.pending ? (
          <Text color="gray">Checking…</Text>
        ) : (
          <Text color="gray">8+ characters, hard to guess: try a few uncommon words.</Text>
        )}
      </Box>
      <TextField label="Confirm new" value={values.confirm} onChange={set('confirm')} focused={active && focus === 'confirm'} mask onSubmit={onEnter} />
      <Box marginLeft={20}>{mismatch ? <Text color="red">✖ {MISMATCH}</Text> : <Text> </Text>}</Box>
      <Text> </Text>
      {action.busy ? <Text color="yellow">Changing the password…</Text> : localError ? <Text color="red">✖ {localError}</Text> : <ErrorBanner error={action.error} />}
    </Box>
  );
}
