import { Box, Text } from 'ink';
import type { InvitationView } from '../../../core/index.ts';
import { dateTime, relative } from '../../format.ts';

/** Everything about the selected invitation, the reason in full. */
export function InvitationDetails({ invitation, now }: { readonly invitation: InvitationView; readonly now: Date }) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="gray" paddingX={1}>
      <Text>
        <Text bold>{invitation.projectName}</Text>
        <Text color="gray"> · as </Text>
        <Text>{invitation.role}</Text>
      </Text>
      <Text>
        <Text color="gray">Invited by </Text>
        {invitation.invitedBy}
        <Text color="gray"> {relative(invitation.createdAt, now)}</Text>
      </Text>
      {invitation.reason ? <Text>“{invitation.reason}”</Text> : <Text color="gray">No reason given.</Text>}
      {invitation.projectRequiresMfa && <Text color="yellow">This project requires multi-factor authentication: accepting takes you through enabling it.</Text>}
      {invitation.membershipDays !== null && <Text>Membership for {invitation.membershipDays} days from the accept.</Text>}
      <Text color="yellow">
        Expires {relative(invitation.expiresAt, now)} ({dateTime(invitation.expiresAt)})
      </Text>
    </Box>
  );
}

/** What the section says when nothing is pending: what invitations are and where they come from. */
export function NoInvitations() {
  return (
    <Box flexDirection="column">
      <Text>No pending invitations.</Text>
      <Text color="gray">When a project admin invites your email to a project, the invitation shows up here (and in Slack, once linked).</Text>
      <Text color="gray">Accept it to become a member and open the project, or decline it.</Text>
    </Box>
  );
}
