import type { CoreContext } from '../context.ts';
import type { Document, PromoCode } from '../store/schema.ts';
import { AccountError } from '../errors.ts';
import { newId } from '../shared/random.ts';
import { addDays, iso, isPast } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { requireAccount } from '../accounts/model.ts';
import { addMember, insertProject, validProjectName } from '../projects/model.ts';
import { PROJECT_NAME_MAX_LENGTH } from '../projects/constants.ts';
import { toPromoCodeView, type CreatePromoInput, type PromoCodeView, type RedeemResult, type RedemptionView } from './types.ts';
import { normalizePromoCode, validPromoCode } from './validate.ts';

const UNKNOWN = () => new AccountError('PROMO_CODE_UNKNOWN', 'There is no such promo code; check its spelling.');

const hasRedeemed = (doc: Document, code: string, accountId: string): boolean =>
  Object.values(doc.promoRedemptions).some((r) => r.code === code && r.accountId === accountId);

/** Why `promo` cannot be redeemed by `accountId` now, checked on the newest data. */
function assertRedeemable(doc: Document, promo: PromoCode, accountId: string, now: Date): void {
  if (hasRedeemed(doc, promo.code, accountId)) {
    throw new AccountError('PROMO_CODE_ALREADY_REDEEMED', `You have already redeemed the code ${promo.code}; each account can use a code once.`, { code: promo.code });
  }
  if (promo.expiresAt !== null && isPast(promo.expiresAt, now)) {
    throw new AccountError('PROMO_CODE_EXPIRED', `The code ${promo.code} expired on ${promo.expiresAt}.`, { code: promo.code, expiresAt: promo.expiresAt });
  }
  if (promo.maxUses !== null && promo.uses >= promo.maxUses) {
    throw new AccountError('PROMO_CODE_USED_UP', `The code ${promo.code} has been used the maximum number of times.`, { code: promo.code, maxUses: promo.maxUses });
  }
}

/**
 * Promo codes: the operator creates them; redeeming one creates a NEW project for the redeemer,
 * with the code's limits and lifetime. A code is never applied to an existing project.
 */
export function createPromoService(ctx: CoreContext) {
  const { store, clock, random } = ctx;
  return {
    /** Operator: creates a code (stored upper-cased, unique regardless of case). */
    async create(input: CreatePromoInput): Promise<PromoCodeView> {
      const now = clock.now();
      const promo = validPromoCode(input, now);
      await store.transact((doc) => {
        if (doc.promoCodes[promo.code]) {
          throw new AccountError('PROMO_CODE_TAKEN', `The code ${promo.code} already exists (codes ignore case).`, { code: promo.code });
        }
        doc.promoCodes[promo.code] = promo;
      });
      return toPromoCodeView(promo, now);
    },

    /** Operator: every code, newest first, with its uses and whether it expired. */
    async list(): Promise<PromoCodeView[]> {
      const now = clock.now();
      const doc = await store.read();
      return Object.values(doc.promoCodes)
        .reverse()
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((promo) => toPromoCodeView(promo, now));
    },

    /**
     * Redeems `code` (any case) for `accountId`: creates a project named `namePrefix + projectName`
     * with the account as admin and the code's limits and lifetime, counts the use and records
     * the redemption, all in one transaction.
     */
    async redeem(accountId: string, input: { code: string; projectName: string }): Promise<RedeemResult> {
      const now = clock.now();
      const projectName = validProjectName(input.projectName);
      const code = normalizePromoCode(input.code);
      if (code === null) throw UNKNOWN();
      return store.transact((doc) => {
        requireAccount(doc, accountId);
        const promo = doc.promoCodes[code];
        if (!promo) throw UNKNOWN();
        assertRedeemable(doc, promo, accountId, now);
        const prefix = promo.project.namePrefix;
        const available = PROJECT_NAME_MAX_LENGTH - [...prefix].length;
        const length = [...projectName].length;
        if (length > available) {
          throw new AccountError(
            'PROJECT_NAME_INVALID',
            `This code puts "${prefix}" before the project name, so the name can have at most ${available} characters; got ${length}.`,
            { max: available, length, prefix },
          );
        }
        const days = promo.project.expiresInDays;
        const project = insertProject(doc, now, random, {
          name: promo.project.namePrefix + projectName,
          limits: promo.project.limits,
          expiresAt: days === null ? null : addDays(now, days),
          origin: { type: 'promo', code: promo.code, accountId },
        });
        addMember(project, accountId, 'admin', now);
        promo.uses += 1;
        const redemptionId = newId(random, 'rdm');
        doc.promoRedemptions[redemptionId] = { id: redemptionId, code: promo.code, accountId, projectId: project.id, redeemedAt: iso(now) };
        recordSecurityEvent(doc, now, random, accountId, 'promo.redeemed', { code: promo.code, projectId: project.id, projectName: project.name });
        return { code: promo.code, projectId: project.id, projectName: project.name, projectExpiresAt: project.expiresAt };
      });
    },

    /** The codes `accountId` redeemed, newest first. */
    async redemptions(accountId: string): Promise<RedemptionView[]> {
      const doc = await store.read();
      requireAccount(doc, accountId);
      return Object.values(doc.promoRedemptions)
        .filter((r) => r.accountId === accountId)
        .reverse()
        .sort((a, b) => b.redeemedAt.localeCompare(a.redeemedAt))
        .map((r) => ({ code: r.code, projectId: r.projectId, projectName: doc.projects[r.projectId]?.name ?? '(deleted project)', redeemedAt: r.redeemedAt }));
    },
  };
}

export type PromoService = ReturnType<typeof createPromoService>;
