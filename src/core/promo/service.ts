import type { CoreContext } from '../context.ts';

export function createPromoService(ctx: CoreContext) {
  void ctx;
  return {};
}

export type PromoService = ReturnType<typeof createPromoService>;
