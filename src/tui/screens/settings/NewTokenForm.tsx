import { useState } from 'react';
import { Box, Text } from 'ink';
import { isAccountError, TOKEN_DESCRIPTION_MAX_LENGTH, TOKEN_EXPIRY_DEFAULT_DAYS, type CreatedToken } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useFieldFault } from '../../hooks/use-field-fault.ts';
import { SudoPrompt } from '../../components/SudoPrompt.tsx';
import { TextField } from '../../components/TextField.tsx';
import { ChoiceRow } from '../../components/ChoiceRow.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import { EXPIRY_CHOICES, expiryChoiceLabel, expiryDateHint, readExpiry, type ExpiryChoice } from './token-expiry.ts';
import { useAccount } from '../../nav-context.tsx';

export interface NewTokenFormProps {
  readonly accountId: string;
  readonly active: boolean;
  /** The new token, with its secret: the one time it exists outside its owner's hands. */
  readonly onCreated: (created: CreatedToken) => void;
  readonly onCancel: () => void;
}

type Field = 'description' | 'expiry' | 'date' | 'create';

export const DESCRIPTION_MISSING = 'Give the token a description, so you know later what it is for.';

const LABEL_WIDTH = 16;

/**
 * New Token: a description and an expiry (7, 30, 60 or 90 days, or a date), then Create. The
 * date is read as the end of that day in the dashboard's zone, which the hint names with the
 * days allowed; the core checks the range again.
 */
export function NewTokenForm({ accountId, active, onCreated, onCancel }: NewTokenFormProps) {
  const me = useAccount();
  const core = useCore();
  const action = useAction();
  const [description, setDescription] = useState('');
  const [choice, setChoice] = useState<ExpiryChoice>(TOKEN_EXPIRY_DEFAULT_DAYS);
  const [date, setDate] = useState('');
  const { focus, setFocus, message: localError, blame, changed, clear } = useFieldFault<Field>('description', action.clearError);
  const fields: readonly Field[] = choice === 'custom' ? ['description', 'expiry', 'date', 'create'] : ['description', 'expiry', 'create'];
  useKeyHints(
    [
      { key: 'Tab/↑↓', label: 'field' },
      ...(focus === 'expiry' ? [{ key: '←→', label: 'expiry' }] : []),
      { key: 'Enter', label: focus === 'description' || (focus === 'expiry' && choice === 'custom') ? 'next' : 'create token' },
      { key: 'Esc', label: 'cancel' },
    ],
    active,
  );

  const move = (by: 1 | -1) => setFocus((current) => fields[(fields.indexOf(current) + by + fields.length) % fields.length]!);

  const submit = async () => {
    if (action.busy) return;
    clear();
    if (description.trim() === '') return blame('description', DESCRIPTION_MISSING);
    const expiry = readExpiry(choice, date, core.clock.now());
    if (!expiry.ok) return blame('date', expiry.problem);
    const outcome = await action.run('creating a token', () => me.tokens.create({ description, ...expiry.expiry }));
    if (outcome.ok) return onCreated(outcome.value);
    // The core's refusal, at the field it is about; any other error leaves the focus where it is.
    if (isAccountError(outcome.error, 'TOKEN_DESCRIPTION_INVALID')) blame('description');
    else if (isAccountError(outcome.error, 'TOKEN_EXPIRY_INVALID')) blame(choice === 'custom' ? 'date' : 'expiry');
  };

  useKeys(
    (_input, key) => {
      if (key.escape) onCancel();
      else if ((key.tab && key.shift) || key.upArrow) move(-1);
      else if (key.tab || key.downArrow) move(1);
      else if (key.return && focus === 'create') void submit();
    },
    { isActive: active },
  );

  if (action.sudo) return <SudoPrompt request={action.sudo} active={active} />;
  return (
    <Box flexDirection="column">
      <Text bold>New Management API token</Text>
      <Text color="gray">It acts as you in the Management API until it expires.</Text>
      <Text> </Text>
      <TextField
        label="Description"
        value={description}
        onChange={(value) => {
          setDescription(value);
          changed('description');
        }}
        focused={active && focus === 'description'}
        onSubmit={() => setFocus('expiry')}
        placeholder={`what it is for (up to ${TOKEN_DESCRIPTION_MAX_LENGTH} characters)`}
        labelWidth={LABEL_WIDTH}
        valueWidth={44}
      />
      <Text> </Text>
      <ChoiceRow
        label="Expires in"
        choices={EXPIRY_CHOICES}
        value={choice}
        labelOf={expiryChoiceLabel}
        onChange={(next) => {
          setChoice(next);
          changed('expiry');
          // Another choice than a date: the date at fault is no longer asked for.
          if (next !== 'custom') changed('date');
        }}
        onSubmit={() => (choice === 'custom' ? setFocus('date') : void submit())}
        focused={active && focus === 'expiry'}
        labelWidth={LABEL_WIDTH}
      />
      {choice === 'custom' && (
        <>
          <TextField
            label="Expires on"
            value={date}
            onChange={(value) => {
              setDate(value);
              changed('date');
            }}
            focused={active && focus === 'date'}
            onSubmit={() => void submit()}
            placeholder="YYYY-MM-DD"
            labelWidth={LABEL_WIDTH}
            valueWidth={12}
          />
          <Box marginLeft={LABEL_WIDTH}>
            <Text color="gray">{expiryDateHint(core.clock.now())}</Text>
          </Box>
        </>
      )}
      <Text> </Text>
      <Box marginLeft={LABEL_WIDTH - 2}>
        <Button label="Create token" focused={active && focus === 'create'} />
      </Box>
      <Text> </Text>
      {action.busy ? <Text color="yellow">Creating the token…</Text> : localError ? <Text color="red">✖ {localError}</Text> : <ErrorBanner error={action.error} />}
    </Box>
  );
}
