import { useState } from 'react';
import { Box, Text } from 'ink';
import type { InvitationView } from '../../../core/index.ts';
import { useKeyHints } from '../../layout-context.tsx';
import { useKeys } from '../../keyboard.tsx';
import { MfaEnableFlow } from './MfaEnableFlow.tsx';

export interface MfaRequiredGuideProps {
  readonly invitation: InvitationView;
  readonly accountId: string;
  readonly active: boolean;
  readonly width: number;
  readonly height: number;
  /** MFA is on now: accept the invitation (the user never looks for it again). */
  readonly onEnabled: () => void;
  /** The user went back without enabling MFA: the invitation stays as it was. */
  readonly onCancel: () => void;
}

/**
 * The guided accept of an invitation to a project that requires MFA: why the accept was refused,
 * then the usual MFA enrolment (QR code, a code, recovery codes), then back to finish the accept.
 */
export function MfaRequiredGuide({ invitation, accountId, active, width, height, onEnabled, onCancel }: MfaRequiredGuideProps) {
  const [enrolling, setEnrolling] = useState(false);
  useKeyHints(
    [
      { key: 'Enter', label: 'enable MFA now' },
      { key: 'Esc', label: 'back to invitations' },
    ],
    active && !enrolling,
  );
  useKeys(
    (_input, key) => {
      if (key.return) setEnrolling(true);
      else if (key.escape) onCancel();
    },
    { isActive: active && !enrolling },
  );

  if (enrolling) {
    return (
      <Box flexDirection="column">
        <Text color="cyan">Step 2 of 3 · enable MFA, then the invitation to {invitation.projectName} is accepted for you.</Text>
        <MfaEnableFlow
          accountId={accountId}
          active={active}
          width={width}
          height={height - 1}
          onDone={(message) => (message ? onEnabled() : setEnrolling(false))}
        />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold color="yellow">
        {invitation.projectName} requires multi-factor authentication
      </Text>
      <Text>This project requires users to have multi-factor authentication enabled, and yours is off, so the invitation cannot be accepted yet.</Text>
      <Text> </Text>
      <Text>1. Why: the project’s admins ask every member to sign in with a code from an authenticator app as well as the password.</Text>
      <Text>2. Enable MFA now: scan a QR code with an authenticator app, enter its code, and note your recovery codes (about a minute).</Text>
      <Text>3. Then the invitation is accepted for you and {invitation.projectName} opens: you need not find it again.</Text>
      <Text> </Text>
      <Text color="gray">Press Enter to start, or Esc to go back (the invitation stays open until {invitation.expiresAt.slice(0, 10)}).</Text>
    </Box>
  );
}
