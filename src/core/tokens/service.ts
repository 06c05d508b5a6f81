import type { CoreContext } from '../context.ts';
import type { Token } from '../store/schema.ts';
import type { DeepReadonly, EntryFrom, StoreReader, StoreTransaction, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { constantTimeEqual, sha256 } from '../crypto/digest.ts';
import { newId } from '../shared/random.ts';
import { nextNumericId } from '../store/sequences.ts';
import { iso, isPast, MS_PER_MINUTE } from '../shared/time.ts';
import { recordSecurityEvent, viaOf, type FrontOptions } from '../security/events.ts';
import { requireAccount } from '../accounts/model.ts';
import { consumeSecondFactor } from '../mfa/consume.ts';
import { TOKEN_HINT_LENGTH, TOKEN_LAST_USED_RESOLUTION_MINUTES } from './constants.ts';
import { generateTokenSecret, isWellFormedToken } from './format.ts';
import { anyReminderDue, sendDueReminders } from './reminders.ts';
import { toTokenView, type CreatedToken, type CreateTokenInput, type CreateTokenOptions, type TokenView, type VerifiedToken } from './types.ts';
import { tokenExpiresAt, validTokenDescription } from './validate.ts';

const MALFORMED = () =>
  new AccountError('TOKEN_MALFORMED', 'This is not a Management API token: check that it was copied whole and unchanged.');
const INVALID = () => new AccountError('TOKEN_INVALID', 'This token is not valid: it was deleted or never existed.');
const NOT_FOUND = (tokenId: string) => new AccountError('TOKEN_NOT_FOUND', 'You have no token with this id.', { tokenId });

type TokenOf<R extends StoreReader> = EntryFrom<R, 'tokens'>;

/**
 * The token whose stored hash equals `hash` (the unique hash index). Looked up by the sha256 of a
 * 178-bit random secret (what a lookup's timing could tell is about the hash, which reveals
 * nothing of any secret), then compared in constant time.
 */
async function findByHash<R extends StoreReader>(reader: R, hash: string): Promise<TokenOf<R> | null> {
  const found = await (reader as StoreView).find('tokens', 'hash', hash);
  return (found.find((token) => constantTimeEqual(token.hash, hash)) ?? null) as TokenOf<R> | null;
}

/** True when lastUsedAt is stale enough to be worth a write. */
function lastUseOutdated(token: DeepReadonly<Token>, now: Date): boolean {
  return token.lastUsedAt === null || now.getTime() - new Date(token.lastUsedAt).getTime() >= TOKEN_LAST_USED_RESOLUTION_MINUTES * MS_PER_MINUTE;
}

/** The valid token for `hash` (the transaction's copy inside a transaction), or TOKEN_INVALID / TOKEN_EXPIRED. */
async function requireUsable<R extends StoreReader>(reader: R, hash: string, now: Date): Promise<TokenOf<R>> {
  const token = await findByHash(reader, hash);
  if (!token || !(await (reader as StoreView).get('accounts', token.accountId))) throw INVALID();
  if (isPast(token.expiresAt, now)) {
    throw new AccountError('TOKEN_EXPIRED', `This token expired on ${token.expiresAt}; create a new one.`, { expiresAt: token.expiresAt });
  }
  return token;
}

/** Management API access tokens: created with an expiry, shown once, stored as a hash. */
export function createTokensService(ctx: CoreContext) {
  const { store, clock, random } = ctx;

  async function createWithStepUp(
    accountId: string,
    stepUp: NonNullable<CreateTokenOptions['stepUp']>,
    insert: (tx: StoreTransaction) => Promise<Token>,
  ): Promise<Token> {
    const account = await store.view((view) => requireAccount(view, accountId));
    if (!account.mfa.enabled) {
      if (!stepUp.allowWithoutMfa) throw mfaRequired('not_enabled');
      return store.transact(async (tx) => {
        // Enabled meanwhile in another process: the newest state decides.
        if ((await requireAccount(tx, accountId)).mfa.enabled) throw mfaRequired('code_missing');
        return insert(tx);
      });
    }
    const code = (stepUp.code ?? '').trim();
    if (code === '') throw mfaRequired('code_missing');
    return consumeSecondFactor(ctx, accountId, code, { allowRecovery: false }, (tx) => insert(tx));
  }

  async function deleteToken(accountId: string, tokenId: string, details: { reason?: string; via?: string }): Promise<TokenView> {
    const now = clock.now();
    return store.transact(async (tx) => {
      const token = await tx.get('tokens', tokenId);
      if (!token || token.accountId !== accountId) throw NOT_FOUND(tokenId);
      tx.delete('tokens', tokenId);
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
      const token = options.stepUp ? await createWithStepUp(accountId, options.stepUp, insert) : await store.transact(insert);
      return { token: toTokenView(token, now), secret };
    },

    /**
     * The account's tokens, newest first, expired ones included (flagged). Not paged: an account
     * holds the few tokens its owner created one by one.
     */
    async list(accountId: string): Promise<TokenView[]> {
      const now = clock.now();
      const tokens = await store.view(async (view) => {
        await requireAccount(view, accountId);
        return view.find('tokens', 'account', accountId);
      });
      // Reversed first so tokens created in the same millisecond keep newest first where the store keeps creation order.
      return [...tokens]
        .reverse()
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((token) => toTokenView(token, now));
    },

    /** The account's tokens expiring soon (TokenView.expiringSoon), soonest first. */
    async listExpiringSoon(accountId: string): Promise<TokenView[]> {
      return (await this.list(accountId)).filter((token) => token.expiringSoon).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    },

    /** Deletes one of the account's tokens; someone else's token is TOKEN_NOT_FOUND too. */
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
     * an unknown or deleted token TOKEN_INVALID; an expired one TOKEN_EXPIRED. Records the use,
     * writing the store at most once per TOKEN_LAST_USED_RESOLUTION_MINUTES per token.
     */
    async verify(secret: string): Promise<VerifiedToken> {
      const candidate = secret.trim();
      if (!isWellFormedToken(candidate)) throw MALFORMED();
      const hash = sha256(candidate);
      const now = clock.now();
      let token: DeepReadonly<Token> = await store.view((view) => requireUsable(view, hash, now));
      if (lastUseOutdated(token, now)) {
        token = await store.transact(async (tx) => {
          // Deleted or used by another process meanwhile: the newest data decides.
          const current = await requireUsable(tx, hash, now);
          if (lastUseOutdated(current, now)) current.lastUsedAt = iso(now);
          return { ...current };
        });
      }
      return { accountId: token.accountId, tokenId: token.id, token: toTokenView(token, now) };
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

const mfaRequired = (reason: 'not_enabled' | 'code_missing') =>
  new AccountError(
    'MFA_REQUIRED',
    reason === 'not_enabled'
      ? 'Creating a token here needs multi-factor authentication. Enable it in the dashboard (Account & Security), then try again.'
      : 'Enter the 6-digit code from your authenticator app.',
    { reason },
  );
