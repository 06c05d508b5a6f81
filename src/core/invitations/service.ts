import type { CoreContext } from '../context.ts';

export function createInvitationsService(ctx: CoreContext) {
  void ctx;
  return {};
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
