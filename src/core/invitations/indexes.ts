import type { IndexesOf } from '../store/index-definition.ts';

/** Invitations by invitee email and by project, and all of them, oldest first. */
export const invitationIndexes = {
  email: { keys: (invitation) => [invitation.email], sort: (invitation) => invitation.createdAt },
  project: { keys: (invitation) => [invitation.projectId], sort: (invitation) => invitation.createdAt },
  all: { keys: () => ['*'], sort: (invitation) => invitation.createdAt },
} as const satisfies IndexesOf<'invitations'>;
