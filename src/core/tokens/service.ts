import type { CoreContext } from '../context.ts';
import type { Token } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { sha256 } from '../crypto/digest.ts';
import { newId } from '../shared/random.ts';
import { nextNumericId } from '../store/sequences.ts';
import { iso, MS_PER_MINUTE } from '../shared/time.ts';
import { recordSecurityEvent, viaOf, type FrontOptions } from '../security/events.ts';
import { requireAccount } from '../accounts/model.ts';
import { consumeSecondFactor } from '../mfa/consume.ts';
import { TOKEN_HINT_LENGTH, TOKEN_LAST_USED_RESOLUTION_MINUTES, TOKEN_REVOKE_MAX_CREDENTIALS } from './constants.ts';
import { generateTokenSecret } from './format.ts';
import { anyReminderDue, queueReminderUpdates, sendDueReminders } from './reminders.ts';
import { createVerifiedCache, TOKEN_VERIFY_CACHE_MAX_MS } from './verify-cache.ts';
import { familyOf, isLive, isSuperseded } from './lifecycle.ts';
import { assertLive, findByHash, lastUseOutdated, NOT_FOUND, requireExisting, requireUsable, revoked, wellFormed } from './lookup.ts';
import { alreadyRotated, deleteHiddenHistory, graceMs, rotateIn } from './rotation.ts';
import { revokeAsLeaked, revokeFamilyOnReuse } from './revocation.ts';
import {
  toTokenView,
  type CreatedToken,
  type CreateTokenInput,
  type CreateTokenOptions,
  type RevokeLeakedOptions,
  type RotatedToken,
  type RotateOptions,
  type RotateOwnedOptions,
  type TokenView,
  type VerifiedToken,
} from './types.ts';
import { tokenExpiresAt, validTokenDescription } from './validate.ts';

/**
 * The first instant (ms) at which verifying `token` could answer otherwise by time alone: its
 * expiry, the end of its grace, or the next write of its last use; and TOKEN_VERIFY_CACHE_MAX_MS
 * at most, in case the store's change signal missed another process's change (PostgreSQL's
 * LISTEN connection lost silently, found by its next ping).
 */
function verifiedUntil(token: DeepReadonly<Token>, now: Date): number {
  const bounds = [new Date(token.expiresAt).getTime(), now.getTime() + TOKEN_VERIFY_CACHE_MAX_MS];
  if (token.rotation) bounds.push(new Date(token.rotation.graceUntil).getTime());
  if (token.lastUsedAt !== null) bounds.push(new Date(token.lastUsedAt).getTime() + TOKEN_LAST_USED_RESOLUTION_MINUTES * MS_PER_MINUTE);
  return Math.min(...bounds);
}

/** Management API access tokens: created with an expiry, shown once, stored as a hash. */
export function createTokensService(ctx: CoreContext) {
  const { store, clock, random } = ctx;
  const verifiedCache = createVerifiedCache();

  /** Runs `work` in a transaction after the step-up `stepUp` asks for (see CreateTokenOptions.stepUp). */
  async function withStepUp<T>(
    accountId: string,
    stepUp: NonNullable<CreateTokenOptions['stepUp']>,
    action: StepUpAction,
    insert: (tx: StoreTransaction) => Promise<T>,
  ): Promise<T> {
    const account = await store.view((view) => requireAccount(view, accountId));
    if (!account.mfa.enabled) {
      if (!stepUp.allowWithoutMfa) throw mfaRequired('not_enabled', action);
      return store.transact(async (tx) => {
        // Enabled meanwhile in another process: the newest state decides.
        if ((await requireAccount(tx, accountId)).mfa.enabled) throw mfaRequired('code_missing', action);
        return insert(tx);
      });
    }
    const code = (stepUp.code ?? '').trim();
    if (code === '') throw mfaRequired('code_missing', action);
    return consumeSecondFactor(ctx, accountId, code, { allowRecovery: false }, (tx) => insert(tx));
  }

  async function deleteToken(accountId: string, tokenId: string, details: { reason?: string; via?: string }): Promise<TokenView> {
    const now = clock.now();
    return store.transact(async (tx) => {
      const token = await tx.get('tokens', tokenId);
      // A superseded token is history kept for reuse detection, not the owner's to see or delete.
      if (!token || token.accountId !== accountId || isSuperseded(token, now)) throw NOT_FOUND(tokenId);
      tx.delete('tokens', tokenId);
      await deleteHiddenHistory(tx, token, now);
      await queueReminderUpdates(tx, now, random, token);
      await recordSecurityEvent(tx, now, random, accountId, 'token.deleted', { description: token.description, hint: token.hint, ...details });
      return toTokenView(token, now);
    });
  }

  return {
    /**
     * Creates a token for `accountId`. The secret is in the answer and nowhere else: only its
     * sha256 and its last four characters are stored. With `stepUp` (see CreateTokenOptions), a
     * current TOTP code is verified and spent in the same transaction (wrong codes count toward
     * the lockout).
     */
    async create(accountId: string, input: CreateTokenInput, options: CreateTokenOptions = {}): Promise<CreatedToken> {
      const now = clock.now();
      const description = validTokenDescription(input.description);
      const expiresAt = tokenExpiresAt(input, now);
      const secret = generateTokenSecret(random);
      const insert = async (tx: StoreTransaction): Promise<Token> => {
        await requireAccount(tx, accountId);
        const created: Token = {
          id: newId(random, 'tok'),
          numericId: await nextNumericId(tx, 'tokens'),
          accountId,
          description,
          hash: sha256(secret),
          hint: secret.slice(-TOKEN_HINT_LENGTH),
          createdAt: iso(now),
          expiresAt: iso(expiresAt),
          lastUsedAt: null,
          remindersSent: [],
        };
        tx.put('tokens', created.id, created);
        await recordSecurityEvent(tx, now, random, accountId, 'token.created', { description, hint: created.hint, expiresAt: created.expiresAt });
        return created;
      };
      // The inputs are checked above, before a second factor is spent on them.
      const token = options.stepUp ? await withStepUp(accountId, options.stepUp, 'create', insert) : await store.transact(insert);
      return { token: toTokenView(token, now), secret };
    },

    /**
     * The account's tokens, newest first: active, rotated (still working until their grace ends),
     * revoked and expired ones, each with its `state`. Rotated tokens whose grace is over are not
     * listed: they are history kept for reuse detection (the security activity shows the rotation).
     * Not paged: an account holds the few tokens its owner created one by one.
     */
    async list(accountId: string): Promise<TokenView[]> {
      const now = clock.now();
      const tokens = await store.view(async (view) => {
        await requireAccount(view, accountId);
        return view.find('tokens', 'account', accountId);
      });
      // Tokens created in the same millisecond: the later number (creation order) first.
      return tokens
        .filter((token) => !isSuperseded(token, now))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.numericId - a.numericId)
        .map((token) => toTokenView(token, now));
    },

    /** The account's tokens expiring soon (TokenView.expiringSoon), soonest first. */
    async listExpiringSoon(accountId: string): Promise<TokenView[]> {
      return (await this.list(accountId)).filter((token) => token.expiringSoon).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    },

    /**
     * Deletes one of the account's tokens (whatever its state); someone else's token is
     * TOKEN_NOT_FOUND too. Rotated tokens kept for reuse detection go with the last live token
     * of their family.
     */
    async delete(accountId: string, tokenId: string, options: FrontOptions = {}): Promise<TokenView> {
      return deleteToken(accountId, tokenId, viaOf(options));
    },

    /**
     * Deletes a token its front end created but could not show (Slack closed the modal before
     * the token reached it): a secret nobody saw must not stay valid for its lifetime. Recorded
     * as `token.deleted` with `reason: 'not_shown'`. TOKEN_NOT_FOUND as for `delete`.
     */
    async discardUnshown(accountId: string, tokenId: string): Promise<TokenView> {
      return deleteToken(accountId, tokenId, { reason: 'not_shown' });
    },

    /**
     * Whom `secret` acts for. A wrong shape or checksum is TOKEN_MALFORMED before any lookup;
     * an unknown or deleted token TOKEN_INVALID; a revoked one TOKEN_REVOKED (`details.reason`:
     * rotated, leaked or reuse); an expired one TOKEN_EXPIRED. A rotated token works until its
     * grace window ends (`graceUntil` in the answer). A rotated token presented after its grace
     * is reuse: every live token of its family is revoked and the owner told, then TOKEN_REVOKED.
     * Records the use, writing the store at most once per TOKEN_LAST_USED_RESOLUTION_MINUTES per
     * token. One lookup by hash (the unique index), compared in constant time.
     */
    async verify(secret: string): Promise<VerifiedToken> {
      const hash = sha256(wellFormed(secret));
      const now = clock.now();
      // Read before the data, so a cached answer is never older than the signal it is kept under.
      const signal = await store.changeSignal();
      const hit = verifiedCache.get(signal, hash, now.getTime());
      if (hit) return hit;
      const found = await store.view(async (view) => {
        const existing = await requireExisting(view, hash);
        // A replayed old token whose family is revoked already starts no transaction: nothing is left to revoke.
        const live = isSuperseded(existing, now) && (await view.find('tokens', 'account', existing.accountId)).some((member) => familyOf(member) === familyOf(existing) && isLive(member, now));
        return { token: existing, familyLive: live };
      });
      let token: DeepReadonly<Token> = found.token;
      if (found.familyLive) await store.transact(async (tx) => revokeFamilyOnReuse(tx, now, random, await requireExisting(tx, hash)));
      assertLive(token, now);
      if (lastUseOutdated(token, now)) {
        token = await store.transact(async (tx) => {
          // Deleted or used by another process meanwhile: the newest data decides.
          const current = await requireUsable(tx, hash, now);
          if (lastUseOutdated(current, now)) current.lastUsedAt = iso(now);
          return { ...current };
        });
      }
      const owner = await store.view((view) => requireAccount(view, token.accountId));
      const verified: VerifiedToken = {
        accountId: token.accountId,
        tokenId: token.id,
        graceUntil: token.rotation?.graceUntil ?? null,
        token: toTokenView(token, now),
        account: { numericId: owner.numericId, name: owner.name, email: owner.email, mfaEnabled: owner.mfa.enabled },
      };
      verifiedCache.set(signal, hash, verified, verifiedUntil(token, now));
      return verified;
    },

    /**
     * Rotates the token `secret` (the API: the token authenticates its own rotation). Answers a
     * new token, its secret shown once, with the old one's description and lifetime (as long as
     * the old token lived, counted from now, within 1–365 days) in the old one's family. The old
     * token keeps working for `graceSeconds` (default 3600, at most 3600; 0 revokes it now).
     *
     * Refused, changing nothing: TOKEN_GRACE_INVALID, TOKEN_MALFORMED, TOKEN_INVALID,
     * TOKEN_EXPIRED; TOKEN_ALREADY_ROTATED while it is within the grace of an earlier rotation
     * (one token has one successor). A rotated token past its grace is reuse: its family is
     * revoked (see verify) and the answer is TOKEN_REVOKED. One transaction.
     */
    async rotate(secret: string, options: RotateOptions): Promise<RotatedToken> {
      const grace = graceMs(options.graceSeconds);
      const hash = sha256(wellFormed(secret));
      const now = clock.now();
      const fresh = generateTokenSecret(random);
      const outcome = await store.transact(async (tx) => {
        const old = await requireExisting(tx, hash);
        if (isSuperseded(old, now)) {
          await revokeFamilyOnReuse(tx, now, random, old);
          return { refused: revoked(old, now) } as const;
        }
        assertLive(old, now);
        if (old.rotation) throw alreadyRotated(old);
        if (lastUseOutdated(old, now)) old.lastUsedAt = iso(now);
        const created = await rotateIn(tx, random, now, old, fresh, grace, options.source);
        return { created, previous: toTokenView(old, now) } as const;
      });
      // Thrown after the commit: the family's revocation must stay.
      if ('refused' in outcome) throw outcome.refused;
      return { token: toTokenView(outcome.created, now), secret: fresh, previous: outcome.previous };
    },

    /**
     * Rotates the account's token `tokenId` for its signed-in owner (dashboard, Slack): as
     * `rotate`, with TOKEN_NOT_FOUND for a token that is not theirs, TOKEN_REVOKED for a revoked
     * one (the owner acting is not reuse: nothing else is revoked), TOKEN_EXPIRED and
     * TOKEN_ALREADY_ROTATED. With `stepUp`, the same proof as creating a token (a TOTP code
     * spent in the rotation's transaction).
     */
    async rotateOwned(accountId: string, tokenId: string, options: RotateOwnedOptions): Promise<RotatedToken> {
      const grace = graceMs(options.graceSeconds);
      const now = clock.now();
      const fresh = generateTokenSecret(random);
      const work = async (tx: StoreTransaction) => {
        await requireAccount(tx, accountId);
        const old = await tx.get('tokens', tokenId);
        if (!old || old.accountId !== accountId || isSuperseded(old, now)) throw NOT_FOUND(tokenId);
        assertLive(old, now);
        if (old.rotation) throw alreadyRotated(old);
        const created = await rotateIn(tx, random, now, old, fresh, grace, options.source);
        return { created, previous: toTokenView(old, now) };
      };
      if (options.stepUp) {
        // Checked before a second factor is spent on a rotation that cannot happen.
        await store.view(async (view) => {
          const old = await view.get('tokens', tokenId);
          if (!old || old.accountId !== accountId || isSuperseded(old, now)) throw NOT_FOUND(tokenId);
          assertLive(old, now);
          if (old.rotation) throw alreadyRotated(old as Token);
        });
      }
      const { created, previous } = options.stepUp ? await withStepUp(accountId, options.stepUp, 'rotate', work) : await store.transact(work);
      return { token: toTokenView(created, now), secret: fresh, previous };
    },

    /**
     * Revokes leaked tokens, as GitHub's credentials revocation API: for anyone who found one, no
     * authentication. Each string that is a well-formed token with a valid checksum and names a
     * live token revokes it (reason `leaked`, recorded with `source`), and its owner is told in
     * the bell and by a Slack DM. Anything else (malformed, a wrong checksum, unknown, revoked or
     * expired already, a non-string) changes nothing. Answers nothing either way, so the call
     * tells nobody whether a token existed; a front end that must not reveal it by timing either
     * may answer before this settles.
     *
     * TOO_MANY_CREDENTIALS above TOKEN_REVOKE_MAX_CREDENTIALS strings (nothing is revoked). The
     * lookups read without locks; one transaction revokes what they found, checking it again.
     */
    async revokeLeaked(credentials: readonly string[], options: RevokeLeakedOptions): Promise<void> {
      if (!Array.isArray(credentials)) throw new AccountError('INVALID_INPUT', 'Give the credentials as a list of strings.');
      if (credentials.length > TOKEN_REVOKE_MAX_CREDENTIALS) {
        throw new AccountError('TOO_MANY_CREDENTIALS', `At most ${TOKEN_REVOKE_MAX_CREDENTIALS} credentials per request; got ${credentials.length}.`, {
          max: TOKEN_REVOKE_MAX_CREDENTIALS,
          count: credentials.length,
        });
      }
      const hashes = new Set<string>();
      for (const credential of credentials as readonly unknown[]) {
        try {
          hashes.add(sha256(wellFormed(credential)));
        } catch {
          // Not a token: ignored, like an unknown one.
        }
      }
      if (hashes.size === 0) return;
      const now = clock.now();
      const found = await store.view(async (view) => {
        const ids: string[] = [];
        for (const hash of hashes) {
          const token = await findByHash(view, hash);
          if (token && isLive(token, now) && (await view.get('accounts', token.accountId))) ids.push(token.id);
        }
        return ids;
      });
      if (found.length === 0) return;
      const where = leakLocation(options.where);
      await store.transact(async (tx) => {
        // In id order, so two revocations of overlapping lists wait for each other instead of deadlocking.
        for (const id of [...found].sort()) {
          const token = await tx.get('tokens', id);
          // Revoked, rotated away, deleted or expired by another process meanwhile: nothing left to do.
          if (token && isLive(token, now)) await revokeAsLeaked(tx, now, random, token, options.source, where);
        }
      });
    },

    /**
     * Sends the reminders due now (7 days and 1 day before expiry), each once, REMINDER_BATCH per
     * transaction until none is left; safe to call from any process as often as wanted. Reads only
     * the tokens expiring within the reminder window, and starts no transaction when none is due.
     * Returns how many were sent.
     */
    async sendExpiryReminders(): Promise<number> {
      const now = clock.now();
      if (!(await store.view((view) => anyReminderDue(view, now)))) return 0;
      let sent = 0;
      for (let after: string | null = null; ; ) {
        const batch = await store.transact((tx) => sendDueReminders(tx, now, random, { after }));
        sent += batch.sent;
        if (!batch.more) return sent;
        after = batch.after;
      }
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;

type StepUpAction = 'create' | 'rotate';

/** A caller's description of where a leak was seen, kept to one line of at most 200 characters without control or format characters. */
function leakLocation(where: string | undefined): string | null {
  if (typeof where !== 'string') return null;
  const line = where.replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return line === '' ? null : [...line].slice(0, 200).join('');
}

const mfaRequired = (reason: 'not_enabled' | 'code_missing', action: StepUpAction = 'create') =>
  new AccountError(
    'MFA_REQUIRED',
    reason === 'not_enabled'
      ? `${action === 'create' ? 'Creating' : 'Rotating'} a token here needs multi-factor authentication. Enable it in the dashboard (Account & Security), then try again.`
      : 'Enter the 6-digit code from your authenticator app.',
    { reason },
  );
