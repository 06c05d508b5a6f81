import { useState } from 'react';
import { Box, Text } from 'ink';
import { isAccountError } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useNav, useSession, useAccount } from '../../nav-context.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useFieldFault } from '../../hooks/use-field-fault.ts';
import { TextField } from '../../components/TextField.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useKeys } from '../../keyboard.tsx';
import type { SectionProps } from './section-props.ts';
import { PromoRedemptions } from './PromoRedemptions.tsx';
import { openProjectFrom } from './open-project.ts';
import { wrappedRows } from './wrapped-rows.ts';
import { Paragraph } from '../../components/Paragraph.tsx';

/** The product page's rule, in one line. */
export const PROMO_EXPLAINED = 'A promo code creates a NEW project for you; it is never applied to an existing project.';
export const ENTER_CODE = 'Enter the promo code.';
export const ENTER_NAME = 'Enter a name for the new project.';
const USED_FOR = 'Codes are typically handed out for ad-hoc projects, hackathons and proofs of concept.';

/** Rows above the redemptions besides the explanation: title, blank, two fields, blank, status, blank, headings (2). */
const CHROME_ROWS = 9;
const FIELDS = ['code', 'name'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Promo Codes: a code and a name for the project it creates → the new project opens. Below,
 * the codes this account redeemed. Every rule (format, expiry, uses, once per account) is the
 * core's; the form only asks for both fields.
 */
export function PromoSection({ active, onExit, width, height }: SectionProps) {
  const core = useCore();
  const me = useAccount();
  const session = useSession();
  const { dispatch } = useNav();
  const history = usePoll(() => me.promo.redemptions(), [session.accountId]);
  const action = useAction();
  const [values, setValues] = useState<Record<Field, string>>({ code: '', name: '' });
  const { focus, setFocus, message: missing, blame, changed, clear } = useFieldFault<Field>('code', action.clearError);
  useKeyHints(
    [
      { key: 'Tab/↑↓', label: 'field' },
      { key: 'Enter', label: focus === 'name' ? 'create project' : 'next' },
      { key: 'Esc', label: 'sections' },
    ],
    active,
  );

  const set = (field: Field) => (value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    changed(field);
  };

  const submit = async () => {
    if (action.busy) return;
    clear();
    if (values.code.trim() === '') return blame('code', ENTER_CODE);
    if (values.name.trim() === '') return blame('name', ENTER_NAME);
    const outcome = await action.run('redeeming a promo code', () => me.promo.redeem({ code: values.code, projectName: values.name }));
    if (outcome.ok) return openProjectFrom(dispatch, 'promo', { id: outcome.value.projectId, name: outcome.value.projectName });
    blame(isAccountError(outcome.error, 'PROJECT_NAME_INVALID') ? 'name' : 'code');
  };

  useKeys(
    (_input, key) => {
      if (key.escape) onExit();
      else if (key.tab || key.upArrow || key.downArrow) setFocus((current) => (current === 'code' ? 'name' : 'code'));
    },
    { isActive: active },
  );

  const now = core.clock.now();
  const fieldCells = Math.max(12, Math.min(34, width - 20));
  return (
    <Box flexDirection="column">
      <Text bold>Promo Codes</Text>
      <Paragraph text={PROMO_EXPLAINED} width={width} />
      <Paragraph color="gray" text={USED_FOR} width={width} />
      <Text> </Text>
      <TextField label="Promo code" value={values.code} onChange={set('code')} focused={active && focus === 'code'} onSubmit={() => setFocus('name')} placeholder="e.g. HACKATHON2026" labelWidth={20} valueWidth={fieldCells} />
      <TextField label="New project name" value={values.name} onChange={set('name')} focused={active && focus === 'name'} onSubmit={() => void submit()} placeholder="e.g. Churn experiments" labelWidth={20} valueWidth={fieldCells} />
      <Text> </Text>
      {action.busy ? <Text color="yellow">Creating the project…</Text> : missing ? <Text color="red">✖ {missing}</Text> : <ErrorBanner error={action.error} />}
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
      <Text> </Text>
      {history.data ? (
        <PromoRedemptions redemptions={history.data} height={Math.max(3, height - CHROME_ROWS - wrappedRows(PROMO_EXPLAINED, width) - wrappedRows(USED_FOR, width))} now={now} width={width} />
      ) : (
        <ErrorBanner error={history.error} />
      )}
    </Box>
  );
}
