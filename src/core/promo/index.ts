export type { PromoService } from './service.ts';
export type { CreatePromoInput, PromoCodeView, PromoProjectTemplate, RedeemResult, RedemptionView } from './types.ts';
export { PROMO_CODE_PATTERN, PROMO_DESCRIPTION_MAX_LENGTH, PROMO_NAME_PREFIX_MAX_LENGTH, PROMO_PROJECT_MAX_LIFETIME_DAYS } from './constants.ts';
