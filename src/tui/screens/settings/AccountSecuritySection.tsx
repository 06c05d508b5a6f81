import { useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { RECOVERY_CODES_LOW, type AccountSummary } from '../../../core/index.ts';
import { useCore } from '../../context.tsx';
import { useSession, useAccount } from '../../nav-context.tsx';
import { QUIT_HINT, useKeyHints } from '../../layout-context.tsx';
import { usePoll } from '../../hooks/use-poll.ts';
import { useGlobalKeys } from '../../hooks/use-global-keys.ts';
import { ErrorBanner, SuccessLine } from '../../components/ErrorBanner.tsx';
import { day, relative } from '../../format.ts';
import type { SectionProps } from './section-props.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { MfaEnableFlow } from './MfaEnableFlow.tsx';
import { MfaCodeForm } from './MfaCodeForm.tsx';
import { SecurityActivityView } from './SecurityActivityView.tsx';
import { SessionsView } from './SessionsView.tsx';
import { useKeys } from '../../keyboard.tsx';

type View = 'overview' | 'password' | 'mfa-enable' | 'mfa-disable' | 'mfa-regenerate' | 'sessions' | 'activity';

interface Choice {
  readonly view: Exclude<View, 'overview'>;
  readonly label: string;
}

function choicesFor(account: AccountSummary): Choice[] {
  return [
    { view: 'password', label: 'Change password' },
    account.mfaEnabled ? { view: 'mfa-disable', label: 'Disable multi-factor authentication' } : { view: 'mfa-enable', label: 'Enable multi-factor authentication' },
    ...(account.mfaEnabled ? [{ view: 'mfa-regenerate', label: 'Regenerate recovery codes' } as const] : []),
    { view: 'sessions', label: 'Active sessions' },
    { view: 'activity', label: 'Security activity' },
  ];
}

/** Account & Security: the account at a glance and its actions, each opening its own view. */
export function AccountSecuritySection({ active, onExit, width, height }: SectionProps) {
  const core = useCore();
  const me = useAccount();
  const session = useSession();
  const account = usePoll(() => me.accounts.get(), [session.accountId]);
  const [view, setView] = useState<View>('overview');
  const [cursor, setSelected] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const globalKeys = useGlobalKeys(onExit);
  const overviewActive = active && view === 'overview';
  const choices = account.data ? choicesFor(account.data) : [];
  // Enabling or disabling MFA changes the number of choices under the cursor.
  const selected = Math.min(cursor, Math.max(0, choices.length - 1));
  useKeyHints([{ key: '↑↓', label: 'move' }, { key: 'Enter', label: 'choose' }, { key: 'Esc/←', label: 'sections' }, QUIT_HINT], overviewActive);

  useKeys(
    (input, key) => {
      if (key.upArrow || input === 'k') setSelected(Math.max(0, selected - 1));
      else if (key.downArrow || input === 'j') setSelected(Math.min(choices.length - 1, selected + 1));
      else if (key.home) setSelected(0);
      else if (key.end) setSelected(Math.max(0, choices.length - 1));
      else if (key.return && choices[selected]) {
        setNotice(null);
        setView(choices[selected].view);
      } else globalKeys(input, key);
    },
    { isActive: overviewActive },
  );

  const done = (message: string | null) => {
    setNotice(message);
    setView('overview');
    account.reload();
  };
  const common = { accountId: session.accountId, active, onDone: done };
  switch (view) {
    case 'password':
      return <ChangePasswordForm {...common} email={session.email} name={account.data?.name ?? ''} />;
    case 'mfa-enable':
      return <MfaEnableFlow {...common} width={width} height={height} />;
    case 'mfa-disable':
      return <MfaCodeForm {...common} mode="disable" />;
    case 'mfa-regenerate':
      return <MfaCodeForm {...common} mode="regenerate" />;
    case 'sessions':
      return <SessionsView active={active} onDone={() => done(null)} />;
    case 'activity':
      return <SecurityActivityView {...common} onDone={() => done(null)} width={width} height={height} />;
    case 'overview':
      break;
  }

  if (!account.data) return account.error ? <ErrorBanner error={account.error} /> : <Text color="gray">Loading…</Text>;
  const summary = account.data;
  const now = core.clock.now();
  return (
    <Box flexDirection="column">
      <Text bold>Account & Security</Text>
      <Text> </Text>
      <Row label="Email">
        <Text>{summary.email}</Text>
        <Text color="gray"> (your identifier; it cannot be changed)</Text>
      </Row>
      <Row label="Password">
        <Text>changed {relative(summary.passwordChangedAt, now)}</Text>
      </Row>
      <Row label="Multi-factor">
        {summary.mfaEnabled ? (
          <Text>
            <Text color="green">● On</Text>
            <Text color={summary.recoveryCodesLeft <= RECOVERY_CODES_LOW ? 'yellow' : 'gray'}>
              {' · '}
              {summary.recoveryCodesLeft} recovery code{summary.recoveryCodesLeft === 1 ? '' : 's'} left
              {summary.recoveryCodesLeft <= RECOVERY_CODES_LOW ? ' — regenerate them soon' : ''}
            </Text>
          </Text>
        ) : (
          <Text>
            <Text color="yellow">○ Off</Text>
            <Text color="gray"> — we highly recommend enabling it</Text>
          </Text>
        )}
      </Row>
      <Row label="Member since">
        <Text>{day(summary.createdAt)}</Text>
      </Row>
      <Text> </Text>
      {choices.map((choice, index) => {
        const isSelected = index === selected;
        return (
          <Text key={choice.view} color={isSelected && active ? 'cyan' : undefined} bold={isSelected && active}>
            {isSelected ? '❯ ' : '  '}
            {choice.label}
          </Text>
        );
      })}
      <Text> </Text>
      <SuccessLine text={notice} />
      <ErrorBanner error={account.error} />
      {!active && <Text color="gray">Press Enter to work in this section.</Text>}
    </Box>
  );
}

function Row({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <Box>
      <Box width={16} flexShrink={0}>
        <Text color="gray">{label}</Text>
      </Box>
      <Text>{children}</Text>
    </Box>
  );
}
