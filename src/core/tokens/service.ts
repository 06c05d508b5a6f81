import type { CoreContext } from '../context.ts';
import type { Document, Token } from '../store/schema.ts';
import type { DeepReadonly, Snapshot } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { constantTimeEqual, sha256 } from '../crypto/digest.ts';
import { newId } from '../shared/random.ts';
import { defineIndex, entriesOf } from '../store/changes.ts';
import { iso, isPast, MS_PER_MINUTE } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
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

const tokensByHash = defineIndex('tokens', (token) => token.hash);
const tokensByAccount = defineIndex('tokens', (token) => token.accountId);

/**
 * The token whose stored hash equals `hash`. Looked up by the sha256 of a 178-bit random secret
 * (what a lookup's timing could tell is about the hash, which reveals nothing of any secret),
 * then compared in constant time.
 */
function findByHash<T extends DeepReadonly<Token>>(tokens: Readonly<Record<string, T>>, hash: string): T | null {
  return entriesOf(tokens, tokensByHash(tokens, hash)).find((token) => constantTimeEqual(token.hash, hash)) ?? null;
}

/** True when lastUsedAt is stale enough to be worth a write. */
function lastUseOutdated(token: DeepReadonly<Token>, now: Date): boolean {
  return token.lastUsedAt === null || now.getTime() - new Date(token.lastUsedAt).getTime() >= TOKEN_LAST_USED_RESOLUTION_MINUTES * MS_PER_MINUTE;
}

/** The valid token for `hash` in `doc`, or TOKEN_INVALID / TOKEN_EXPIRED. */
function requireUsable<T extends DeepReadonly<Token>>(doc: { tokens: Readonly<Record<string, T>>; accounts: Snapshot['accounts'] }, hash: string, now: Date): T {
  const token = findByHash(doc.tokens, hash);
  if (!token || !doc.accounts[token.accountId]) throw INVALID();
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
    insert: (doc: Document) => Token,
  ): Promise<Token> {
    const account = requireAccount(await store.read(), accountId);
    if (!account.mfa.enabled) {
      if (!stepUp.allowWithoutMfa) throw mfaRequired('not_enabled');
      return store.transact((doc) => {
        // Enabled meanwhile in another process: the newest state decides.
        if (requireAccount(doc, accountId).mfa.enabled) throw mfaRequired('code_missing');
        return insert(doc);
      });
    }
    const code = (stepUp.code ?? '').trim();
    if (code === '') throw mfaRequired('code_missing');
    return consumeSecondFactor(ctx, accountId, code, { allowRecovery: false }, (doc) => insert(doc));
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
      const insert = (doc: Document): Token => {
        requireAccount(doc, accountId);
        const created: Token = {
          id: newId(random, 'tok'),
          accountId,
          description,
          hash: sha256(secret),
          hint: secret.slice(-TOKEN_HINT_LENGTH),
          createdAt: iso(now),
          expiresAt: iso(expiresAt),
          lastUsedAt: null,
          remindersSent: [],
        };
        doc.tokens[created.id] = created;
        recordSecurityEvent(doc, now, random, accountId, 'token.created', { description, hint: created.hint, expiresAt: created.expiresAt });
        return created;
      };
      // The inputs are checked above, before a second factor is spent on them.
      const token = options.stepUp ? await createWithStepUp(accountId, options.stepUp, insert) : await store.transact(insert);
      return { token: toTokenView(token, now), secret };
    },

    /** The account's tokens, newest first, expired ones included (flagged). */
    async list(accountId: string): Promise<TokenView[]> {
      const now = clock.now();
      const doc = await store.read();
      requireAccount(doc, accountId);
      return entriesOf(doc.tokens, tokensByAccount(doc.tokens, accountId))
        .reverse()
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((token) => toTokenView(token, now));
    },

    /** The account's tokens expiring soon (TokenView.expiringSoon), soonest first. */
    async listExpiringSoon(accountId: string): Promise<TokenView[]> {
      return (await this.list(accountId)).filter((token) => token.expiringSoon).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    },

    /** Deletes one of the account's tokens; someone else's token is TOKEN_NOT_FOUND too. */
    async delete(accountId: string, tokenId: string): Promise<TokenView> {
      const now = clock.now();
      return store.transact((doc) => {
        const token = doc.tokens[tokenId];
        if (!token || token.accountId !== accountId) throw NOT_FOUND(tokenId);
        delete doc.tokens[tokenId];
        recordSecurityEvent(doc, now, random, accountId, 'token.deleted', { description: token.description, hint: token.hint });
        return toTokenView(token, now);
      });
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
      const token = requireUsable(await store.read(), hash, now);
      if (lastUseOutdated(token, now)) {
        await store.transact((doc) => {
          // Deleted or used by another process meanwhile: the newest data decides.
          const current = requireUsable(doc, hash, now);
          if (lastUseOutdated(current, now)) current.lastUsedAt = iso(now);
        });
      }
      return { accountId: token.accountId, tokenId: token.id };
    },

    /**
     * Sends the reminders due now (7 days and 1 day before expiry), each once, in one transaction;
     * safe to call from any process as often as wanted. Returns how many were sent.
     */
    async sendExpiryReminders(): Promise<number> {
      const now = clock.now();
      if (!anyReminderDue(await store.read(), now)) return 0;
      return store.transact((doc) => sendDueReminders(doc, now, random));
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
