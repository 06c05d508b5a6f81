import type { CoreContext } from '../context.ts';
import type { Account } from '../store/schema.ts';
import { AccountError } from '../errors.ts';
import { newId } from '../shared/random.ts';
import { iso } from '../shared/time.ts';
import { ALL } from '../store/indexes.ts';
import type { Page } from '../store/store.ts';
import { nextNumericId } from '../store/sequences.ts';
import { pageLimit } from '../shared/paging.ts';
import { recordSecurityEvent, retainedEvents } from '../security/events.ts';
import { normalizeEmail } from './email.ts';
import { assertPasswordAllowed, normalizePassword } from './password-policy.ts';
import { assertNotLocked, clearFailures, lockedUntil } from './lockout.ts';
import { clearThrottle, countFailure, readWait, throttleKey, tooManyAttempts } from '../security/throttle.ts';
import { LOGIN_THROTTLE } from './constants.ts';
import { adoptWaitingInvitations } from '../invitations/notify.ts';
import { emailTaken, findAccountByEmail, noMfa, requireAccount, requireAccountByEmail, validName } from './model.ts';
import { createLoginFlow } from './login.ts';
import { endOtherSessions, sessionKey } from '../sessions/model.ts';
import { toSummary, type AccountSummary, type SecurityActivity } from './types.ts';

export { findAccountByEmail, requireAccount } from './model.ts';
export type { LoginFront } from './login.ts';
import { startReadStateIn } from '../notifications/read-state.ts';

/** How many security events `securityActivity` returns unless told otherwise. */
export const SECURITY_ACTIVITY_DEFAULT_LIMIT = 100;
/** Accounts per page of the operator's list unless told otherwise. */
export const ACCOUNT_PAGE_DEFAULT = 100;

export function createAccountsService(ctx: CoreContext) {
  const { store, clock, random, hasher, secrets } = ctx;

  return {
    ...createLoginFlow(ctx),

    /** Creates an account; the email must be new and the password must pass the policy. */
    async create(input: { email: string; name?: string; password: string }): Promise<AccountSummary> {
      const email = normalizeEmail(input.email);
      const name = validName(input.name, email);
      await assertPasswordAllowed(input.password, { email, name });
      if (await store.view((view) => findAccountByEmail(view, email))) throw emailTaken(email);
      const passwordHash = await hasher.hash(normalizePassword(input.password));
      const now = clock.now();
      return store.transact(async (tx) => {
        if (await findAccountByEmail(tx, email)) throw emailTaken(email);
        const account: Account = {
          id: newId(random, 'acc'),
          numericId: await nextNumericId(tx, 'accounts'),
          email,
          name,
          passwordHash,
          createdAt: iso(now),
          passwordChangedAt: iso(now),
          failedLogins: [],
          lockedUntil: null,
          mfa: noMfa(),
        };
        tx.put('accounts', account.id, account);
        startReadStateIn(tx, account.id, now);
        await recordSecurityEvent(tx, now, random, account.id, 'account.created', {});
        await adoptWaitingInvitations(tx, now, random, email);
        return toSummary(account, now);
      });
    },

    async get(accountId: string): Promise<AccountSummary> {
      return toSummary(await store.view((view) => requireAccount(view, accountId)), clock.now());
    },

    /** The account with `email` (normalised here), or ACCOUNT_NOT_FOUND naming it. */
    async getByEmail(email: string): Promise<AccountSummary> {
      const normalized = normalizeEmail(email);
      return toSummary(await store.view((view) => requireAccountByEmail(view, normalized)), clock.now());
    },

    async findByEmail(email: string): Promise<AccountSummary | null> {
      const account = await store.view((view) => findAccountByEmail(view, normalizeEmail(email)));
      return account ? toSummary(account, clock.now()) : null;
    },

    /**
     * Whether the store holds any account: one entry of an index page, the same cost at any size.
     * Tells a new (or mistyped) data directory from a failed sign-in; it says nothing about any
     * email, so it is no oracle for which accounts exist.
     */
    async any(): Promise<boolean> {
      const page = await store.view((view) => view.page('accounts', 'all', { key: ALL, limit: 1 }));
      return page.items.length > 0;
    },

    /**
     * The accounts ordered by email, a page at a time: pass a page's `next` as `after` for the
     * next one. @param limit accounts per page, 1–PAGE_LIMIT_MAX. @default ACCOUNT_PAGE_DEFAULT
     */
    async list(input: { limit?: number; after?: string | null } = {}): Promise<Page<AccountSummary>> {
      const now = clock.now();
      const page = await store.view((view) =>
        view.page('accounts', 'all', { key: ALL, limit: pageLimit(input.limit ?? ACCOUNT_PAGE_DEFAULT), after: input.after ?? null }),
      );
      return { items: page.items.map((account) => toSummary(account, now)), next: page.next };
    },

    /**
     * Changes the password: the current one must be right, the new one different and allowed by
     * the policy. Ends every session of the account but `keepSession` (the token of the session
     * that changed it). A wrong current password is recorded as `password.change_failed` and
     * counts against the same per-email throttle as sign-in (TOO_MANY_ATTEMPTS while a wait runs).
     */
    async changePassword(input: { accountId: string; currentPassword: string; newPassword: string; keepSession?: string }): Promise<void> {
      const currentPassword = normalizePassword(input.currentPassword);
      const newPassword = normalizePassword(input.newPassword);
      const account = await store.view((view) => requireAccount(view, input.accountId));
      // Deliberately the sign-in budget, not a separate one: a password is guessed the same in
      // whichever form it is typed, so a session left open (or stolen) must not add guesses to
      // the ones sign-in allows, e.g. to learn a password reused elsewhere. The owner's own
      // typos cost them what a typo at sign-in costs: a short wait, never a lock or a sign-out.
      const key = throttleKey(secrets, 'login', account.email);
      const wait = await store.view((view) => readWait(view, key, clock.now()));
      if (wait) throw tooManyAttempts('login', wait);
      assertNotLocked(account, clock.now());
      if (!(await hasher.verify(account.passwordHash, currentPassword))) {
        const now = clock.now();
        const until = await store.transact(async (tx) => {
          const draft = await requireAccount(tx, account.id);
          const counted = await countFailure(tx, key, LOGIN_THROTTLE, now);
          if (!counted) return readWait(tx, key, now);
          await recordSecurityEvent(tx, now, random, draft.id, 'password.change_failed', {});
          if (counted.retryAfter) {
            await recordSecurityEvent(tx, now, random, draft.id, 'login.throttled', { retryAfter: iso(counted.retryAfter), failures: counted.failures });
          }
          return counted.retryAfter;
        });
        if (until) throw tooManyAttempts('login', until);
        throw new AccountError('CURRENT_PASSWORD_WRONG', 'The current password is incorrect.');
      }
      if (newPassword === currentPassword) {
        throw new AccountError('PASSWORD_UNCHANGED', 'The new password must be different from the current one.');
      }
      await assertPasswordAllowed(newPassword, { email: account.email, name: account.name });
      const passwordHash = await hasher.hash(newPassword);
      const now = clock.now();
      await store.transact(async (tx) => {
        const draft = await requireAccount(tx, account.id);
        // Changed elsewhere meanwhile: the current password just checked may no longer be it.
        if (draft.passwordChangedAt !== account.passwordChangedAt) {
          throw new AccountError('CURRENT_PASSWORD_WRONG', 'The password was changed elsewhere a moment ago; enter the current one again.');
        }
        assertNotLocked(draft, now);
        const waiting = await readWait(tx, key, now);
        if (waiting) throw tooManyAttempts('login', waiting);
        clearThrottle(tx, key);
        draft.passwordHash = passwordHash;
        draft.passwordChangedAt = iso(now);
        clearFailures(draft);
        await recordSecurityEvent(tx, now, random, draft.id, 'password.changed', {});
        await endOtherSessions(random, tx, now, draft.id, 'password_changed', input.keepSession);
        // The current password was just given: that is a fresh authentication of the session kept.
        const kept = input.keepSession === undefined ? null : await tx.get('sessions', sessionKey(input.keepSession));
        if (kept && kept.accountId === draft.id) kept.authenticatedAt = iso(now);
      });
    },

    /**
     * Operator: lifts a lockout by wrong codes and the wait of the account's email, and forgets
     * the failed attempts counted so far.
     */
    async unlock(email: string): Promise<AccountSummary> {
      const normalized = normalizeEmail(email);
      const now = clock.now();
      return store.transact(async (tx) => {
        const account = await requireAccountByEmail(tx, normalized);
        const key = throttleKey(secrets, 'login', normalized);
        const wasLocked = lockedUntil(account, now) !== null || (await readWait(tx, key, now)) !== null;
        clearFailures(account);
        clearThrottle(tx, key);
        await recordSecurityEvent(tx, now, random, account.id, 'account.unlocked', { by: 'operator', wasLocked });
        return toSummary(account, now);
      });
    },

    /**
     * Operator: turns MFA off (and drops an unfinished enrolment) for someone who lost both their
     * authenticator and their recovery codes. MFA_NOT_ENABLED when there is nothing to reset.
     */
    async resetMfa(email: string): Promise<AccountSummary> {
      const normalized = normalizeEmail(email);
      const now = clock.now();
      return store.transact(async (tx) => {
        const account = await requireAccountByEmail(tx, normalized);
        if (!account.mfa.enabled && account.mfa.pending === null) {
          throw new AccountError('MFA_NOT_ENABLED', `${normalized} does not use multi-factor authentication; there is nothing to reset.`, {
            email: normalized,
          });
        }
        account.mfa = noMfa();
        await recordSecurityEvent(tx, now, random, account.id, 'mfa.reset', { by: 'operator' });
        await endOtherSessions(random, tx, now, account.id, 'mfa_reset');
        return toSummary(account, now);
      });
    },

    /** The account's security events inside the retention period, newest first. */
    async securityActivity(accountId: string, limit = SECURITY_ACTIVITY_DEFAULT_LIMIT): Promise<SecurityActivity[]> {
      const events = await store.view(async (view) => {
        await requireAccount(view, accountId);
        return (await view.get('securityEvents', accountId)) ?? [];
      });
      return retainedEvents(events, clock.now()).reverse().slice(0, limit);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
