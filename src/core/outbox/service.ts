import type { CoreContext } from '../context.ts';

export function createOutboxService(ctx: CoreContext) {
  void ctx;
  return {};
}

export type OutboxService = ReturnType<typeof createOutboxService>;
