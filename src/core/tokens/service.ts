import type { CoreContext } from '../context.ts';

export function createTokensService(ctx: CoreContext) {
  void ctx;
  return {};
}

export type TokensService = ReturnType<typeof createTokensService>;
