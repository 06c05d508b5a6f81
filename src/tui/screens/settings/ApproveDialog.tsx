import { useState } from 'react';
import { Box, Text } from 'ink';
import { DEFAULT_MEMBER_ROLE, ROLES, type JoinRequestView, type ProjectRole } from '../../../core/index.ts';
import { ChoiceRow } from '../../components/ChoiceRow.tsx';
import { DialogKeys } from '../../components/DialogKeys.tsx';
import { useKeyHints } from '../../layout-context.tsx';
import { useKeys } from '../../keyboard.tsx';

export interface ApproveDialogProps {
  readonly request: JoinRequestView;
  readonly active: boolean;
  readonly onApprove: (role: ProjectRole) => void;
  readonly onCancel: () => void;
}

/** Asks which role the requester gets (guest preselected) before approving: ← → choose, Enter approves, Esc cancels. */
export function ApproveDialog({ request, active, onApprove, onCancel }: ApproveDialogProps) {
  const [role, setRole] = useState<ProjectRole>(DEFAULT_MEMBER_ROLE);
  useKeyHints(
    [
      { key: '←→', label: 'role' },
      { key: 'Enter', label: `approve as ${role}` },
      { key: 'Esc', label: 'cancel' },
    ],
    active,
  );
  useKeys(
    (_input, key) => {
      if (key.escape) onCancel();
    },
    { isActive: active },
  );
  // As wide as the section and no wider: at 80 columns the roles wrap instead of pushing the frame out.
  return (
    <Box flexDirection="column" borderStyle="double" borderColor="yellow" paddingX={1} width="100%">
      <Text bold color="yellow">
        Approve the request of {request.email}?
      </Text>
      <Text>
        They become a member of {request.projectName}
        {request.membershipLifetime ? ` for ${request.membershipLifetime}` : ''} with the role you choose.
      </Text>
      <ChoiceRow label="Role" choices={ROLES} value={role} labelOf={(choice) => choice} onChange={setRole} onSubmit={() => onApprove(role)} focused={active} labelWidth={8} />
      <DialogKeys
        keys={[
          { key: 'Enter', label: `approve as ${role}` },
          { key: 'Esc', label: 'cancel' },
        ]}
      />
    </Box>
  );
}
