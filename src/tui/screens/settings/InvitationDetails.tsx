import { Box, Text } from 'ink';
import type { InvitationView } from '../../../core/index.ts';
import { dateTime, relative } from '../../format.ts';
import { cellWidth, fitLine, oneLine, wrapLines } from '../../safe-text.ts';

/** The most rows the reason takes in the details box; `v` shows a longer one in full. */
export const REASON_ROWS = 3;
/** Rows of the details box besides the reason, at most: borders, project, inviter, MFA required, membership lifetime, expiry. */
export const DETAILS_ROWS = 7;
/** Follows a reason that was cut. */
export const READ_ALL_HINT = ' v reads it all';
/** Cells the box's border and padding take. */
const FRAME_CELLS = 4;

/** The reason wrapped to the details box: at most REASON_ROWS rows, and whether it was cut. */
export function reasonPreview(reason: string, width: number): { readonly lines: readonly string[]; readonly cut: boolean } {
  const lines = wrapLines(`“${reason}”`, Math.max(10, width - FRAME_CELLS));
  if (lines.length <= REASON_ROWS) return { lines, cut: false };
  const kept = lines.slice(0, REASON_ROWS);
  // The last row ends in … and leaves room for the hint that follows it.
  const room = Math.max(2, width - FRAME_CELLS - READ_ALL_HINT.length);
  const last = kept[REASON_ROWS - 1]!;
  kept[REASON_ROWS - 1] = cellWidth(last) + 1 <= room ? `${last}…` : fitLine(`${last}…`, room);
  return { lines: kept, cut: true };
}

/** Everything about the selected invitation; a reason longer than REASON_ROWS rows is cut (v reads it whole). */
export function InvitationDetails({ invitation, now, width }: { readonly invitation: InvitationView; readonly now: Date; readonly width: number }) {
  const inner = Math.max(10, width - FRAME_CELLS);
  const reason = invitation.reason ? reasonPreview(invitation.reason, width) : null;
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="gray" paddingX={1} width={width}>
      <Text wrap="truncate-end">
        <Text bold>{fitLine(invitation.projectName, inner)}</Text>
        <Text color="gray"> · as </Text>
        <Text>{invitation.role}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text color="gray">Invited by </Text>
        {oneLine(invitation.invitedBy)}
        <Text color="gray"> {relative(invitation.createdAt, now)}</Text>
      </Text>
      {reason ? (
        reason.lines.map((line, index) => (
          <Text key={index}>
            {line}
            {reason.cut && index === reason.lines.length - 1 ? <Text color="cyan">{READ_ALL_HINT}</Text> : null}
          </Text>
        ))
      ) : (
        <Text color="gray">No reason given.</Text>
      )}
      {invitation.projectRequiresMfa && (
        <Text color="yellow" wrap="truncate-end">
          This project requires multi-factor authentication.
        </Text>
      )}
      {invitation.membershipDays !== null && <Text wrap="truncate-end">Membership for {invitation.membershipDays} days from the accept.</Text>}
      <Text color="yellow" wrap="truncate-end">
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
