import { useState } from 'react';
import { Box, Text } from 'ink';
import { JOIN_REQUEST_EXPIRY_DAYS, MEMBERSHIP_MAX_DAYS } from '../../../core/index.ts';
import { useAccount } from '../../nav-context.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { TextField } from '../../components/TextField.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';

const FIELDS = ['project', 'reason', 'days'] as const;
type Field = (typeof FIELDS)[number];

/** Ask to join a project by its id (as `prj_…` or the number the API shows), with a reason and an optional lifetime. */
export function JoinRequestForm({ active, onDone }: { readonly active: boolean; readonly onDone: (message: string | null) => void }) {
  const me = useAccount();
  const action = useAction();
  const [values, setValues] = useState<Record<Field, string>>({ project: '', reason: '', days: '' });
  const [field, setField] = useState<Field>('project');
  const [localError, setLocalError] = useState<string | null>(null);
  useKeyHints(
    [
      { key: 'Tab', label: 'next field' },
      { key: 'Enter', label: 'send request' },
      { key: 'Esc', label: 'cancel' },
    ],
    active,
  );
  useKeys(
    (_input, key) => {
      if (key.escape) onDone(null);
      else if (key.tab) setField((current) => FIELDS[(FIELDS.indexOf(current) + (key.shift ? FIELDS.length - 1 : 1)) % FIELDS.length]!);
    },
    { isActive: active },
  );

  const submit = async () => {
    if (action.busy) return;
    setLocalError(null);
    const typed = values.project.trim();
    const days = values.days.trim();
    if (typed === '') return setLocalError('Enter the id of the project you want to join.');
    if (days !== '' && !/^\d{1,4}$/.test(days)) return setLocalError(`Days must be a whole number, 1–${MEMBERSHIP_MAX_DAYS}, or empty for no end.`);
    const outcome = await action.run('asking to join a project', async () => {
      // The id or the number the Management API shows: the core reads either.
      return me.joinRequests.request({ projectId: typed, reason: values.reason, ...(days !== '' ? { membershipDays: Number(days) } : {}) });
    });
    if (outcome.ok) onDone(`Asked to join ${outcome.value.projectName}; its admins have ${JOIN_REQUEST_EXPIRY_DAYS} days to answer.`);
  };

  const set = (name: Field) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>Ask to join a project</Text>
      <Text color="gray">A project admin approves or rejects it; the request expires after {JOIN_REQUEST_EXPIRY_DAYS} days.</Text>
      <TextField label="Project id" value={values.project} onChange={set('project')} focused={active && field === 'project'} onSubmit={() => void submit()} placeholder="prj_… or 12" labelWidth={14} valueWidth={30} />
      <TextField label="Reason" value={values.reason} onChange={set('reason')} focused={active && field === 'reason'} onSubmit={() => void submit()} placeholder="why you need access" labelWidth={14} valueWidth={40} />
      <TextField label="Days" value={values.days} onChange={set('days')} focused={active && field === 'days'} onSubmit={() => void submit()} placeholder="empty: no end" labelWidth={14} valueWidth={14} />
      {action.busy ? <Text color="yellow">Sending…</Text> : localError ? <Text color="red">✖ {localError}</Text> : <ErrorBanner error={action.error} />}
    </Box>
  );
}
