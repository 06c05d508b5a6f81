import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { isTotpCodeShape, type MfaEnrollment } from '../../../core/index.ts';
import { useDashboard } from '../../context.tsx';
import { useTerminalSize } from '../../hooks/use-terminal-size.ts';
import { useKeyHints } from '../../layout-context.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { SudoPrompt } from '../../components/SudoPrompt.tsx';
import { TextField } from '../../components/TextField.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { QrCode, qrSize } from '../../components/QrCode.tsx';
import { RecoveryCodesView } from './RecoveryCodesView.tsx';
import { useKeys } from '../../keyboard.tsx';
import { useAccount } from '../../nav-context.tsx';

export interface MfaEnableFlowProps {
  readonly accountId: string;
  readonly active: boolean;
  readonly onDone: (message: string | null) => void;
  readonly width: number;
  readonly height: number;
}

/** Cells the instructions beside the QR code need. */
const TEXT_COLUMN_WIDTH = 34;
/** Rows of instructions when they go below the QR code. */
const TEXT_ROWS = 10;

const SIX_DIGITS = 'Enter the 6-digit code.';

/** The secret in groups of four, easier to type into an app by hand. */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * Enable MFA: the QR code (when the panel is big enough) and the secret as text, a code from
 * the app activates it, then the recovery codes are shown once. Esc before activation cancels.
 */
export function MfaEnableFlow({ accountId, active, onDone, width, height }: MfaEnableFlowProps) {
  const me = useAccount();
  const { logError } = useDashboard();
  const start = useAction();
  const activate = useAction();
  const [enrollment, setEnrollment] = useState<MfaEnrollment | null>(null);
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const [code, setCode] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const terminal = useTerminalSize();
  const scanning = codes === null;
  useKeyHints(
    [
      { key: 'Enter', label: 'activate' },
      { key: 'Esc', label: 'cancel' },
    ],
    active && scanning,
  );

  useEffect(() => {
    void start.run('starting MFA enrolment', () => me.mfa.startEnrollment()).then((outcome) => {
      if (outcome.ok) setEnrollment(outcome.value);
    });
    // Starts once per opening of the flow.
  }, [accountId]);

  useKeys(
    (_input, key) => {
      if (!key.escape) return;
      if (enrollment) me.mfa.cancelEnrollment().catch((error: unknown) => logError(error, 'cancelling MFA enrolment'));
      onDone(null);
    },
    { isActive: active && scanning },
  );

  const submit = async () => {
    if (activate.busy || !enrollment) return;
    setLocalError(null);
    const trimmed = code.replace(/\s/g, '');
    if (!isTotpCodeShape(trimmed)) return setLocalError(SIX_DIGITS);
    const outcome = await activate.run('activating MFA', () => me.mfa.activate(trimmed));
    if (outcome.ok) setCodes(outcome.value);
    else setCode('');
  };

  if (codes) return <RecoveryCodesView codes={codes} active={active} onDone={() => onDone('Multi-factor authentication is on.')} />;
  if (start.sudo) return <SudoPrompt request={start.sudo} active={active} />;
  if (!enrollment) return start.error ? <ErrorBanner error={start.error} /> : <Text color="gray">Preparing a new secret…</Text>;

  const qr = qrSize(enrollment.qr);
  // No gap beside the code: its quiet zone (4 modules of white) is the gap, and its last 4 columns.
  const sideBySide = width >= qr.width + TEXT_COLUMN_WIDTH && height >= qr.height + 1;
  const stacked = !sideBySide && width >= qr.width && height >= qr.height + 1 + TEXT_ROWS;
  const showQr = sideBySide || stacked;
  const textWidth = sideBySide ? width - qr.width : width;
  // Grouped for reading aloud and typing, unless that would wrap it: one line is easier to copy;
  // indented under its step where there is room.
  const secretText = groupSecret(enrollment.secret).length + 3 <= textWidth ? groupSecret(enrollment.secret) : enrollment.secret;
  const secretIndent = secretText.length + 3 <= textWidth ? '   ' : '';
  const needed = `${terminal.columns + Math.max(0, qr.width + TEXT_COLUMN_WIDTH - width)}×${terminal.rows + Math.max(0, qr.height + 1 - height)}`;
  const instructions = (
    <Box flexDirection="column" width={textWidth}>
      <Step number={1}>Open Google Authenticator or a compatible app (not SMS).</Step>
      <Step number={2}>{showQr ? 'Scan the QR code, or type this secret:' : 'Add an account with this secret:'}</Step>
      <Text bold color="cyan">
        {secretIndent}
        {secretText}
      </Text>
      {!showQr && (
        <Text color="gray">
          {'   '}(A QR code needs a {needed} terminal.)
        </Text>
      )}
      <Step number={3}>Enter the 6-digit code it shows and press Enter to activate:</Step>
      <Text> </Text>
      <TextField label="Code" value={code} onChange={setCode} focused={active} onSubmit={() => void submit()} placeholder="123456" labelWidth={10} valueWidth={12} />
      <Text> </Text>
      {activate.busy ? <Text color="yellow">Activating…</Text> : localError ? <Text color="red">✖ {localError}</Text> : <ErrorBanner error={activate.error} />}
    </Box>
  );
  return (
    <Box flexDirection="column">
      <Text bold>Enable multi-factor authentication</Text>
      <Box flexDirection={sideBySide ? 'row' : 'column'}>
        {showQr && (
          <Box marginBottom={stacked ? 1 : 0}>
            <QrCode lines={enrollment.qr} />
          </Box>
        )}
        {instructions}
      </Box>
    </Box>
  );
}

/** A numbered instruction whose wrapped lines stay indented under its text. */
function Step({ number, children }: { readonly number: number; readonly children: string }) {
  return (
    <Box>
      <Text>{number}. </Text>
      <Box flexGrow={1} flexShrink={1}>
        <Text>{children}</Text>
      </Box>
    </Box>
  );
}
