import { numericIdIndex, type IndexesOf } from '../store/index-definition.ts';

/** The key of the open invitation of an email to a project (at most one is pending: see create). */
export const emailProjectKey = (email: string, projectId: string): string => `${email}\u001f${projectId}`;

/**
 * Invitations by invitee email and by project, and all of them, oldest first; the pending ones by
 * email, soonest to expire first (an invitee's history of answered and cancelled invitations grows
 * without bound, what is open does not), and by email and project (the duplicate check).
 */
export const invitationIndexes = {
  numericId: numericIdIndex,
  open: { keys: (invitation) => (invitation.status === 'pending' ? [invitation.email] : []), sort: (invitation) => invitation.expiresAt },
  openForProject: { keys: (invitation) => (invitation.status === 'pending' ? [emailProjectKey(invitation.email, invitation.projectId)] : []) },
  email: { keys: (invitation) => [invitation.email], sort: (invitation) => invitation.createdAt },
  project: { keys: (invitation) => [invitation.projectId], sort: (invitation) => invitation.createdAt },
  all: { keys: () => ['*'], sort: (invitation) => invitation.createdAt },
} as const satisfies IndexesOf<'invitations'>;
