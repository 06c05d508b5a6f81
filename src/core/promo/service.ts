import type { CoreContext } from '../context.ts';
import type { PromoCode } from '../store/schema.ts';
import type { Page, StoreTransaction } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { newId } from '../shared/random.ts';
import { pageLimit } from '../shared/paging.ts';
import { addDays, iso, isPast } from '../shared/time.ts';
import { ALL } from '../store/indexes.ts';
import { recordSecurityEvent, viaOf, type FrontOptions } from '../security/events.ts';
import { requireAccount } from '../accounts/model.ts';
import { addMember, insertProject, validProjectName } from '../projects/model.ts';
import { PROJECT_NAME_MAX_LENGTH } from '../projects/constants.ts';
import { redemptionKey } from './indexes.ts';
import { toPromoCodeView, type CreatePromoInput, type PromoCodeView, type RedeemResult, type RedemptionView } from './types.ts';
import { normalizePromoCode, validPromoCode } from './validate.ts';
import { countWrongGuess, readWait, throttleKey, tooManyAttempts } from '../security/throttle.ts';
import { PROMO_GUESS_THROTTLE } from './constants.ts';

const UNKNOWN = () => new AccountError('PROMO_CODE_UNKNOWN', 'There is no such promo code; check its spelling.');

/** Codes per page of the operator's list unless told otherwise. */
export const PROMO_CODE_PAGE_DEFAULT = 100;

const hasRedeemed = async (tx: StoreTransaction, code: string, accountId: string): Promise<boolean> =>
  (await tx.find('promoRedemptions', 'codeAccount', redemptionKey(code, accountId))).length > 0;

/** Why `promo` cannot be redeemed by `accountId` now, checked on the newest data. */
async function assertRedeemable(tx: StoreTransaction, promo: PromoCode, accountId: string, now: Date): Promise<void> {
  if (await hasRedeemed(tx, promo.code, accountId)) {
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
  const { store, clock, random, secrets } = ctx;
  return {
    /** Operator: creates a code (stored upper-cased, unique regardless of case). */
    async create(input: CreatePromoInput): Promise<PromoCodeView> {
      const now = clock.now();
      const promo = validPromoCode(input, now);
      await store.transact(async (tx) => {
        if (await tx.get('promoCodes', promo.code)) {
          throw new AccountError('PROMO_CODE_TAKEN', `The code ${promo.code} already exists (codes ignore case).`, { code: promo.code });
        }
        tx.put('promoCodes', promo.code, promo);
      });
      return toPromoCodeView(promo, now);
    },

    /**
     * Operator: the codes newest first, with their uses and whether they expired, a page at a
     * time: pass a page's `next` as `after` for the next one.
     * @param limit codes per page, 1–PAGE_LIMIT_MAX. @default PROMO_CODE_PAGE_DEFAULT
     */
    async list(input: { limit?: number; after?: string | null } = {}): Promise<Page<PromoCodeView>> {
      const now = clock.now();
      const limit = pageLimit(input.limit ?? PROMO_CODE_PAGE_DEFAULT);
      const page = await store.view((view) => view.page('promoCodes', 'all', { key: ALL, order: 'desc', limit, after: input.after ?? null }));
      return { items: page.items.map((promo) => toPromoCodeView(promo, now)), next: page.next };
    },

    /**
     * Redeems `code` (any case) for `accountId`: creates a project named `namePrefix + projectName`
     * with the account as admin and the code's limits and lifetime, counts the use and records
     * the redemption, all in one transaction. Unknown codes are throttled per account
     * (PROMO_GUESS_THROTTLE): TOO_MANY_ATTEMPTS with `details.retryAfter` while a wait runs, and one
     * `promo.throttled` security event when the guesses start one.
     */
    async redeem(accountId: string, input: { code: string; projectName: string }, options: FrontOptions = {}): Promise<RedeemResult> {
      const now = clock.now();
      const projectName = validProjectName(input.projectName);
      const code = normalizePromoCode(input.code);
      if (code === null) throw UNKNOWN();
      // Guessing is checked by reads: a refused or unknown code takes no write lock, and only
      // counting a wrong guess writes (bounded: once a wait runs, guesses are refused by a read).
      const key = throttleKey(secrets, 'promo', accountId);
      const exists = await store.view(async (view) => {
        await requireAccount(view, accountId);
        const wait = await readWait(view, key, now);
        if (wait) throw tooManyAttempts('promo', wait);
        return (await view.get('promoCodes', code)) !== null;
      });
      if (!exists) {
        const wait = await countWrongGuess(store, key, PROMO_GUESS_THROTTLE, now, (tx, counted) =>
          recordSecurityEvent(tx, now, random, accountId, 'promo.throttled', { failures: counted.failures, retryAfter: iso(counted.retryAfter) }),
        );
        if (wait) throw tooManyAttempts('promo', wait);
        throw UNKNOWN();
      }
      return store.transact(async (tx) => {
        await requireAccount(tx, accountId);
        const promo = await tx.get('promoCodes', code);
        if (!promo) throw UNKNOWN();
        await assertRedeemable(tx, promo, accountId, now);
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
        const project = await insertProject(tx, now, random, {
          name: promo.project.namePrefix + projectName,
          limits: promo.project.limits,
          expiresAt: days === null ? null : addDays(now, days),
          origin: { type: 'promo', code: promo.code, accountId },
        });
        addMember(project, accountId, 'admin', now);
        promo.uses += 1;
        const redemptionId = newId(random, 'rdm');
        tx.put('promoRedemptions', redemptionId, { id: redemptionId, code: promo.code, accountId, projectId: project.id, redeemedAt: iso(now) });
        await recordSecurityEvent(tx, now, random, accountId, 'promo.redeemed', { code: promo.code, projectId: project.id, projectName: project.name, ...viaOf(options) });
        return { code: promo.code, projectId: project.id, projectNumericId: project.numericId, projectName: project.name, projectExpiresAt: project.expiresAt };
      });
    },

    /**
     * The codes `accountId` redeemed, newest first. Not paged: an account redeems each code at
     * most once, and codes are few (an operator creates each one).
     */
    async redemptions(accountId: string): Promise<RedemptionView[]> {
      return store.view(async (view) => {
        await requireAccount(view, accountId);
        const redemptions = [...(await view.find('promoRedemptions', 'account', accountId))]
          .reverse()
          .sort((a, b) => b.redeemedAt.localeCompare(a.redeemedAt));
        return Promise.all(
          redemptions.map(async (r) => {
            const project = await view.get('projects', r.projectId);
            return { code: r.code, projectId: r.projectId, projectName: project?.name ?? '(deleted project)', projectNumericId: project?.numericId ?? null, redeemedAt: r.redeemedAt };
          }),
        );
      });
    },
  };
}

export type PromoService = ReturnType<typeof createPromoService>;
