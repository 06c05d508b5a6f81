import type { DeepReadonly } from '../store/store.ts';
import type { PromoCode } from '../store/schema.ts';
import { isPast } from '../shared/time.ts';

/** What a project created from a code gets. */
export interface PromoProjectTemplate {
  /** Put verbatim before the redeemer's project name (include a separator, e.g. `"Hackathon: "`). */
  readonly namePrefix?: string;
  /** metric → maximum */
  readonly limits?: Readonly<Record<string, number>>;
  /** Lifetime of the project in days; omitted: it does not expire. */
  readonly expiresInDays?: number | null;
}

export interface CreatePromoInput {
  readonly code: string;
  readonly description?: string;
  /** A positive whole number; omitted or null: unlimited. */
  readonly maxUses?: number | null;
  /** Omitted or null: the code never expires. */
  readonly expiresAt?: Date | null;
  readonly project?: PromoProjectTemplate;
}

/** The operator's view of a code. Times are ISO-8601 (UTC). */
export interface PromoCodeView {
  readonly code: string;
  readonly description: string;
  readonly uses: number;
  /** null: unlimited */
  readonly maxUses: number | null;
  readonly usedUp: boolean;
  readonly expiresAt: string | null;
  readonly expired: boolean;
  readonly createdAt: string;
  readonly project: { readonly namePrefix: string; readonly limits: Readonly<Record<string, number>>; readonly expiresInDays: number | null };
}

/** The project a redemption created, so a front end can open it. */
export interface RedeemResult {
  readonly code: string;
  readonly projectId: string;
  readonly projectNumericId: number;
  readonly projectName: string;
  readonly projectExpiresAt: string | null;
}

/** One line of an account's redemption history. */
export interface RedemptionView {
  readonly code: string;
  readonly projectId: string;
  /** The project's current name; `(deleted project)` when it is gone. */
  readonly projectName: string;
  /** The project's numeric id; null when it is gone. */
  readonly projectNumericId: number | null;
  readonly redeemedAt: string;
}

export function toPromoCodeView(promo: DeepReadonly<PromoCode>, now: Date): PromoCodeView {
  return {
    code: promo.code,
    description: promo.description,
    uses: promo.uses,
    maxUses: promo.maxUses,
    usedUp: promo.maxUses !== null && promo.uses >= promo.maxUses,
    expiresAt: promo.expiresAt,
    expired: promo.expiresAt !== null && isPast(promo.expiresAt, now),
    createdAt: promo.createdAt,
    project: { namePrefix: promo.project.namePrefix, limits: promo.project.limits, expiresInDays: promo.project.expiresInDays },
  };
}
