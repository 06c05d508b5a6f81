import type { CoreContext } from '../context.ts';

export function createNotificationsService(ctx: CoreContext) {
  void ctx;
  return {};
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
