import type { CoreContext } from '../context.ts';

export function createSlackLinkService(ctx: CoreContext) {
  void ctx;
  return {};
}

export type SlackLinkService = ReturnType<typeof createSlackLinkService>;
