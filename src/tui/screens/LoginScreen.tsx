import { useState } from 'react';
import { Box, Text } from 'ink';
import { isAccountError, RECOVERY_CODES_LOW, type Session } from '../../core/index.ts';
import { useDashboard } from '../context.tsx';
import { useNav } from '../nav-context.tsx';
import { useKeyHints, type KeyHint } from '../layout-context.tsx';
import { useAction } from '../hooks/use-action.ts';
import { useFieldFault } from '../hooks/use-field-fault.ts';
import { usePoll } from '../hooks/use-poll.ts';
import { TextField } from '../components/TextField.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import type { DemoCredentials } from '../demo.ts';
import { useKeys } from '../keyboard.tsx';

/** Cells of the sign-in box; fits the 80-column minimum. */
const BOX_WIDTH = 76;

/** The sign-in form's key hints: also the footer of the dashboard's very first frame. */
export const SIGN_IN_HINTS: readonly KeyHint[] = [
  { key: 'Tab/↑↓', label: 'next field' },
  { key: 'Enter', label: 'sign in' },
  { key: 'Ctrl+C', label: 'quit' },
];

/** `email` on the credentials step: what was typed before going back from the code step (Esc keeps it). */
type Step = { readonly kind: 'credentials'; readonly email: string } | { readonly kind: 'mfa'; readonly challenge: string; readonly email: string };

/** Email and password, then, when the account has MFA, a TOTP or recovery code. */
export function LoginScreen({ demo }: { readonly demo: DemoCredentials | null }) {
  const [step, setStep] = useState<Step>({ kind: 'credentials', email: '' });
  const [carried, setCarried] = useState<unknown>(null);
  const { signedOutBecause } = useNav().state;
  return (
    <Box flexDirection="column" alignItems="center" paddingTop={1}>
      <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={2} paddingY={1} width={BOX_WIDTH}>
        <Text bold>Sign in to Keboola Connection</Text>
        <Text> </Text>
        {signedOutBecause && step.kind === 'credentials' && (
          <>
            <Text color="yellow" wrap="wrap">
              {signedOutBecause}
            </Text>
            <Text> </Text>
          </>
        )}
        {step.kind === 'credentials' ? (
          <CredentialsForm initialEmail={step.email} carriedError={carried} onMfa={(challenge, email) => setStep({ kind: 'mfa', challenge, email })} />
        ) : (
          <MfaForm
            challenge={step.challenge}
            email={step.email}
            onRestart={(error) => {
              setCarried(error);
              setStep({ kind: 'credentials', email: step.email });
            }}
          />
        )}
      </Box>
      {demo && (
        <Box flexDirection="column" borderStyle="single" borderColor="yellow" paddingX={2} width={BOX_WIDTH} marginTop={1}>
          <Text color="yellow" bold>
            Demo mode
          </Text>
          <Text>
            Email: <Text bold>{demo.email}</Text>
          </Text>
          <Text>
            Password: <Text bold>{demo.password}</Text>
          </Text>
          <Text color="gray">To start the demo over, quit and delete data/demo.</Text>
        </Box>
      )}
    </Box>
  );
}

function CredentialsForm({
  initialEmail,
  carriedError,
  onMfa,
}: {
  readonly initialEmail: string;
  readonly carriedError: unknown;
  readonly onMfa: (challenge: string, email: string) => void;
}) {
  const { core, front } = useDashboard();
  const { dispatch } = useNav();
  const action = useAction();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  // Back from the code step, the email is there: the password is what to type again.
  const { focus, setFocus, blame, changed } = useFieldFault<'email' | 'password'>(initialEmail === '' ? 'email' : 'password', action.clearError);
  const [carried, setCarried] = useState(carriedError);
  // Read again whenever the data changes: the operator may create the first account meanwhile.
  // Assumed to have accounts until read: the usual case then costs no second frame.
  const empty = usePoll(() => core.accounts.any(), [], { initial: true }).data === false;
  useKeyHints(SIGN_IN_HINTS);

  const submit = async () => {
    if (action.busy) return;
    if (email.trim() === '') return setFocus('email');
    if (password === '') return setFocus('password');
    setCarried(null);
    const outcome = await action.run('signing in', () => core.accounts.login({ email, password, via: front.via, from: front.from }));
    if (!outcome.ok) {
      setPassword('');
      front.onSignInFailed?.();
      // "The email or password is incorrect" (the core never says which): the password, cleared,
      // is what to type again. A wait (too many attempts, a lockout) stays until the next try.
      if (isAccountError(outcome.error, 'INVALID_CREDENTIALS')) blame('password');
      return;
    }
    const result = outcome.value;
    if (result.status === 'ok') dispatch({ type: 'logged-in', session: result.session });
    else onMfa(result.challenge, email.trim());
  };

  useKeys((_input, key) => {
    if (key.tab || key.upArrow || key.downArrow) setFocus((current) => (current === 'email' ? 'password' : 'email'));
  });

  return (
    <Box flexDirection="column">
      <TextField
        label="Email"
        value={email}
        onChange={(value) => {
          setEmail(value);
          changed('email');
        }}
        focused={focus === 'email'}
        onSubmit={() => setFocus('password')}
        placeholder="you@example.com"
        labelWidth={14}
        valueWidth={54}
      />
      <TextField
        label="Password"
        value={password}
        onChange={(value) => {
          setPassword(value);
          changed('password');
        }}
        focused={focus === 'password'}
        mask
        onSubmit={() => void submit()}
        labelWidth={14}
        valueWidth={54}
      />
      <Text> </Text>
      {action.busy ? <Text color="yellow">Signing in…</Text> : empty ? <EmptyStore location={front.via === 'dashboard' ? core.location : null} /> : <ErrorBanner error={action.error ?? carried} />}
    </Box>
  );
}

/**
 * Instead of a failed sign-in: a new (or mistyped) data directory has nobody to sign in yet.
 * `location` is null over SSH: a remote person is not told the server's paths or commands.
 */
function EmptyStore({ location }: { readonly location: string | null }) {
  if (location === null) return <Text color="yellow">This service has no accounts yet: ask its administrator for one.</Text>;
  return (
    <Box flexDirection="column">
      <Text color="yellow">This store has no accounts yet ({location}).</Text>
      <Text color="gray">Create one: kbc-account admin account create --email EMAIL</Text>
      <Text color="gray">Or try the demo data: npm start</Text>
    </Box>
  );
}

function MfaForm({ challenge, email, onRestart }: { readonly challenge: string; readonly email: string; readonly onRestart: (error: unknown) => void }) {
  const { core, front } = useDashboard();
  const { dispatch } = useNav();
  const action = useAction();
  const [code, setCode] = useState('');
  // One field: the focus never moves, but a refusal stays only until the next code is typed.
  const { blame, changed } = useFieldFault<'code'>('code', action.clearError);
  const [recovered, setRecovered] = useState<{ readonly session: Session; readonly left: number } | null>(null);
  useKeyHints(
    [
      { key: 'Enter', label: 'verify' },
      { key: 'Esc', label: 'start over' },
      { key: 'Ctrl+C', label: 'quit' },
    ],
    recovered === null,
  );
  useKeys(
    (_input, key) => {
      if (key.escape) onRestart(null);
    },
    { isActive: recovered === null },
  );

  const submit = async () => {
    if (action.busy || code.trim() === '') return;
    const outcome = await action.run('verifying the second factor', () => core.accounts.completeMfaLogin({ challenge, code: code.trim(), via: front.via, from: front.from }));
    if (outcome.ok) {
      const { recoveryCodesLeft, ...session } = outcome.value;
      // A recovery code was spent: say how many are left before going on.
      if (recoveryCodesLeft !== null) return setRecovered({ session, left: recoveryCodesLeft });
      return dispatch({ type: 'logged-in', session });
    }
    setCode('');
    blame('code');
    front.onSignInFailed?.();
    // A stale challenge or a lockout cannot be fixed with another code: back to the password.
    if (isAccountError(outcome.error, 'MFA_CHALLENGE_INVALID') || isAccountError(outcome.error, 'ACCOUNT_LOCKED')) onRestart(outcome.error);
  };

  if (recovered) return <RecoveryCodeUsed left={recovered.left} onContinue={() => dispatch({ type: 'logged-in', session: recovered.session })} />;
  return (
    <Box flexDirection="column">
      <Text>
        Multi-factor authentication for <Text bold>{email}</Text>
      </Text>
      <Text color="gray">Enter the 6-digit code from your authenticator app.</Text>
      <Text color="gray">Lost your device? Enter one of your recovery codes instead.</Text>
      <Text> </Text>
      <TextField
        label="Code"
        value={code}
        onChange={(value) => {
          setCode(value);
          changed('code');
        }}
        focused onSubmit={() => void submit()} placeholder="123456" labelWidth={14} valueWidth={54} />
      <Text> </Text>
      {action.busy ? <Text color="yellow">Verifying…</Text> : <ErrorBanner error={action.error} />}
    </Box>
  );
}

/** After a sign-in with a recovery code: how many are left, and when few are, where to get new ones. */
function RecoveryCodeUsed({ left, onContinue }: { readonly left: number; readonly onContinue: () => void }) {
  useKeyHints([
    { key: 'Enter', label: 'continue' },
    { key: 'Ctrl+C', label: 'quit' },
  ]);
  useKeys((_input, key) => {
    if (key.return) onContinue();
  });
  const low = left <= RECOVERY_CODES_LOW;
  return (
    <Box flexDirection="column">
      <Text color="green">✔ Signed in with a recovery code. That code no longer works.</Text>
      <Text color={low ? 'yellow' : undefined}>
        {left === 0 ? 'You have no recovery codes left.' : `You have ${left} recovery code${left === 1 ? '' : 's'} left.`}
      </Text>
      {low && <Text color="yellow">{'Regenerate them now: Account Settings › Account & Security › Regenerate recovery codes.'}</Text>}
      <Text> </Text>
      <Text color="gray">Press Enter to continue.</Text>
    </Box>
  );
}
