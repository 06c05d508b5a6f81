import type { IndexesOf } from '../store/index-definition.ts';

/** Promo codes, all by creation time (the operator's list pages them newest first). */
export const promoCodeIndexes = {
  all: { keys: () => ['*'], sort: (promo) => promo.createdAt },
} as const satisfies IndexesOf<'promoCodes'>;

/** The key of one account's redemption of one code (the unique codeAccount index). */
export const redemptionKey = (code: string, accountId: string): string => `${code}\u001f${accountId}`;

/**
 * One redemption per (code, account), unique: the store refuses a second even when two
 * processes redeem at once. Redemptions by account and by code, oldest first.
 */
export const promoRedemptionIndexes = {
  codeAccount: { keys: (redemption) => [redemptionKey(redemption.code, redemption.accountId)], unique: true },
  account: { keys: (redemption) => [redemption.accountId], sort: (redemption) => redemption.redeemedAt },
  code: { keys: (redemption) => [redemption.code], sort: (redemption) => redemption.redeemedAt },
} as const satisfies IndexesOf<'promoRedemptions'>;
