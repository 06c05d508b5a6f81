import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { addMs, iso, isPast, MS_PER_MINUTE } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { queueWaitingInvitations } from '../invitations/notify.ts';
import { requireAccount } from '../accounts/model.ts';
import { toSummary, type AccountSummary } from '../accounts/types.ts';
import { formatLinkCode, newLinkCode, normalizeLinkCode } from './code.ts';
import { LINK_CODE_GUESS_THROTTLE, LINK_CODE_TTL_MINUTES, SLACK_ID_MAX_LENGTH } from './constants.ts';
import { countWrongGuess, readWait, throttleKey, tooManyAttempts } from '../security/throttle.ts';
import { accountIdForSlackUser, detachSlackLink, linksSlackUser, pruneLinkCodes, removeLinkCodesOf } from './model.ts';
import type { IssuedLinkCode, LinkedAccountView, SlackLinkView, SlackUser } from './types.ts';
import type { Page } from '../store/store.ts';
import { ALL } from '../store/indexes.ts';
import { normalizeEmail } from '../accounts/email.ts';
import { findAccountByEmail } from '../accounts/model.ts';
import { SLACK_LINKS_PAGE_MAX } from './constants.ts';
import { safeSlackHandle, safeSlackName } from './names.ts';
import type { SlackLink } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';

const SLACK_ID = new RegExp(`^[A-Za-z0-9_-]{1,${SLACK_ID_MAX_LENGTH}}$`);

function slackUser(input: SlackUser): SlackUser {
  const ids = [['team', input.teamId], ['user', input.userId]] as [string, unknown][];
  if (input.enterpriseId !== undefined) ids.push(['enterprise', input.enterpriseId]);
  for (const [what, value] of ids) {
    if (typeof value !== 'string' || !SLACK_ID.test(value)) {
      throw new AccountError('INVALID_INPUT', `The Slack ${what} id must be 1–${SLACK_ID_MAX_LENGTH} letters or digits.`);
    }
  }
  return { teamId: input.teamId, userId: input.userId, ...(input.enterpriseId !== undefined ? { enterpriseId: input.enterpriseId } : {}) };
}

const invalidCode = (reason: 'malformed' | 'unknown') =>
  new AccountError(
    'SLACK_LINK_CODE_INVALID',
    reason === 'malformed'
      ? 'That is not a link code. A link code has 8 letters and digits, like ABCD-EFGH.'
      : 'That link code is not valid: it may have been used already or replaced by a newer one. Get a new code from the dashboard.',
    { reason },
  );

/**
 * Binds Slack users to accounts. One Slack user ↔ one account: a Slack user already linked to
 * another account must `/kbc unlink` first, while an account that links a different Slack user
 * moves to it (the old link ends, recorded as `slack.unlinked` with `via: 'replaced'`, and its
 * undelivered Slack messages are given up) — the account holder proved control of the account
 * with a fresh code, so the newest Slack user wins. Never silently: the move is recorded as
 * `slack.link_replaced` in the account's security activity, and the old Slack user gets a DM
 * saying so (someone with a leaked code cannot take the account's Slack messages unnoticed).
 *
 * A Slack user is identified by enterprise id and user id, or the user id alone (slackUserKey):
 * the team id is kept for people to read.
 */
export function createSlackLinkService(ctx: CoreContext) {
  const { store, clock, random, secrets } = ctx;

  return {
    /**
     * Issues a single-use link code, valid for LINK_CODE_TTL_MINUTES, and invalidates the
     * account's earlier unused codes. Only a keyed hash of the code is stored.
     */
    async createLinkCode(accountId: string): Promise<IssuedLinkCode> {
      const now = clock.now();
      const expiresAt = iso(addMs(now, LINK_CODE_TTL_MINUTES * MS_PER_MINUTE));
      return store.transact(async (tx) => {
        await requireAccount(tx, accountId);
        await pruneLinkCodes(tx, now);
        await removeLinkCodesOf(tx, accountId);
        let code: string;
        let hash: string;
        do {
          code = newLinkCode(random);
          hash = secrets.mac(code);
        } while (await tx.get('slackLinkCodes', hash));
        tx.put('slackLinkCodes', hash, { hash, accountId, createdAt: iso(now), expiresAt });
        await recordSecurityEvent(tx, now, random, accountId, 'slack.link_code_created', { expiresAt });
        return { code: formatLinkCode(code), expiresAt };
      });
    },

    /**
     * `/kbc link CODE`: binds the Slack user to the code's account and consumes the code in the
     * same transaction (single use across processes). Queues a `slack.linked` confirmation DM.
     * Errors: SLACK_LINK_CODE_INVALID (malformed, unknown, used or replaced),
     * SLACK_LINK_CODE_EXPIRED, SLACK_USER_ALREADY_LINKED (to another account), TOO_MANY_ATTEMPTS
     * (`details.retryAfter`) once the Slack user tried too many unknown codes
     * (LINK_CODE_GUESS_THROTTLE).
     */
    async link(input: { code: string; teamId: string; userId: string; enterpriseId?: string | undefined }): Promise<AccountSummary> {
      const user = slackUser(input);
      const { teamId, userId, enterpriseId } = user;
      const canonical = normalizeLinkCode(String(input.code));
      if (!canonical) throw invalidCode('malformed');
      // A keyed hash is the lookup key, so where a lookup fails tells nothing about the code.
      const hash = secrets.mac(canonical);
      const now = clock.now();
      // Guesses are checked by reads: a refused or unknown code takes no write lock, and only
      // counting a wrong guess writes (bounded: once a wait runs, guesses are refused by a read).
      // Keyed by the Slack user id alone, which Slack keeps unique across workspaces.
      const key = throttleKey(secrets, 'slack-link', userId);
      const found = await store.view(async (view): Promise<boolean | AccountSummary> => {
        const wait = await readWait(view, key, now);
        if (wait) throw tooManyAttempts('slack-link', wait);
        const pending = await view.get('slackLinkCodes', hash);
        if (pending !== null) return (await view.get('accounts', pending.accountId)) !== null;
        // The code this very Slack user linked with, again (a retried request, a second Enter):
        // the same answer, and no wrong guess counted.
        const holder = await accountIdForSlackUser(view, user);
        const link = holder === null ? null : await view.get('slackLinks', holder);
        const account = link?.viaCode === hash ? await view.get('accounts', link.accountId) : null;
        return account ? toSummary(account, now) : false;
      });
      if (typeof found === 'object') return found;
      if (!found) {
        const wait = await countWrongGuess(store, key, LINK_CODE_GUESS_THROTTLE, now, async (tx, counted) => {
          // The guessed codes belong to nobody; the guesser's own account, if linked, is told.
          const holder = await accountIdForSlackUser(tx, user);
          if (holder) {
            await recordSecurityEvent(tx, now, random, holder, 'slack.link_throttled', {
              teamId,
              userId,
              failures: counted.failures,
              retryAfter: iso(counted.retryAfter),
            });
          }
        });
        if (wait) throw tooManyAttempts('slack-link', wait);
        throw invalidCode('unknown');
      }
      return store.transact(async (tx) => {
        const pending = await tx.get('slackLinkCodes', hash);
        const account = pending ? await tx.get('accounts', pending.accountId) : null;
        if (!pending || !account) throw invalidCode('unknown');
        if (isPast(pending.expiresAt, now)) {
          throw new AccountError('SLACK_LINK_CODE_EXPIRED', 'That link code has expired. Get a new code from the dashboard.', {
            expiredAt: pending.expiresAt,
          });
        }
        const holder = await accountIdForSlackUser(tx, user);
        if (holder !== null && holder !== account.id) {
          throw new AccountError(
            'SLACK_USER_ALREADY_LINKED',
            'Your Slack user is already linked to another account. Run `/kbc unlink` first, then link again.',
          );
        }
        const previous = await tx.get('slackLinks', account.id);
        const sameUser = previous !== null && linksSlackUser(previous, user);
        const replaced = previous !== null && !sameUser;
        if (replaced) await detachSlackLink(tx, now, random, account.id, 'replaced');
        await removeLinkCodesOf(tx, account.id);
        await pruneLinkCodes(tx, now);
        tx.put('slackLinks', account.id, {
          accountId: account.id,
          teamId,
          userId,
          ...(enterpriseId ? { enterpriseId } : {}),
          linkedAt: sameUser && previous ? previous.linkedAt : iso(now),
          viaCode: hash,
          // Linked again by the same Slack user: the names Slack told stay until it tells others.
          ...(sameUser && previous?.handle ? { handle: previous.handle } : {}),
          ...(sameUser && previous?.teamName && previous.teamId === teamId ? { teamName: previous.teamName } : {}),
        });
        await recordSecurityEvent(tx, now, random, account.id, 'slack.linked', { teamId, userId, ...(enterpriseId ? { enterpriseId } : {}), replaced });
        if (replaced && previous) {
          await recordSecurityEvent(tx, now, random, account.id, 'slack.link_replaced', {
            userId,
            previousUserId: previous.userId,
            teamId,
            previousTeamId: previous.teamId,
          });
        }
        await enqueueOutbox(tx, now, random, {
          accountId: account.id,
          kind: 'slack.linked',
          ref: `slack-link:${account.id}`,
          payload: { email: account.email, teamId, userId },
        });
        await queueWaitingInvitations(tx, now, random, account.id, account.email);
        return toSummary(account, now);
      });
    },

    /** Ends the account's Slack link (from the dashboard). SLACK_NOT_LINKED when there is none. */
    async unlink(accountId: string): Promise<void> {
      const now = clock.now();
      await store.transact(async (tx) => {
        await requireAccount(tx, accountId);
        if (!(await detachSlackLink(tx, now, random, accountId, 'account'))) {
          throw new AccountError('SLACK_NOT_LINKED', 'This account is not linked to a Slack user.');
        }
      });
    },

    /** `/kbc unlink`: ends the Slack user's link and returns the account it was linked to. */
    async unlinkSlackUser(input: SlackUser): Promise<AccountSummary> {
      const user = slackUser(input);
      const now = clock.now();
      return store.transact(async (tx) => {
        const accountId = await accountIdForSlackUser(tx, user);
        const account = accountId ? await tx.get('accounts', accountId) : null;
        if (!accountId || !account) {
          throw new AccountError('SLACK_NOT_LINKED', 'Your Slack user is not linked to an account.');
        }
        await detachSlackLink(tx, now, random, accountId, 'slack');
        return toSummary(account, now);
      });
    },

    /**
     * For operators: the linked accounts, oldest link first, a page at a time (`after` is the
     * previous page's `next`). INVALID_INPUT for a limit outside 1–SLACK_LINKS_PAGE_MAX.
     */
    async links(options: { limit?: number; after?: string | null } = {}): Promise<Page<LinkedAccountView>> {
      const limit = options.limit ?? SLACK_LINKS_PAGE_MAX;
      if (!Number.isInteger(limit) || limit < 1 || limit > SLACK_LINKS_PAGE_MAX) {
        throw new AccountError('INVALID_INPUT', `The limit must be a whole number from 1 to ${SLACK_LINKS_PAGE_MAX}.`, { field: 'limit' });
      }
      return store.view(async (view) => {
        const page = await view.page('slackLinks', 'all', { key: ALL, limit, after: options.after ?? null });
        const items: LinkedAccountView[] = [];
        for (const link of page.items) {
          const account = await view.get('accounts', link.accountId);
          items.push({
            accountId: link.accountId,
            email: account?.email ?? null,
            teamId: link.teamId,
            userId: link.userId,
            ...(link.enterpriseId ? { enterpriseId: link.enterpriseId } : {}),
            linkedAt: link.linkedAt,
          });
        }
        return { items, next: page.next };
      });
    },

    /**
     * For operators (someone who left): ends the Slack link of the account with `email`, records
     * it in the account's security activity (`slack.unlinked`, via `operator`) and tells the Slack
     * user in a DM. INVALID_EMAIL, ACCOUNT_NOT_FOUND, SLACK_NOT_LINKED.
     */
    async unlinkByEmail(email: string): Promise<LinkedAccountView> {
      const normalized = normalizeEmail(email);
      const now = clock.now();
      return store.transact(async (tx) => {
        const account = await findAccountByEmail(tx, normalized);
        if (!account) throw new AccountError('ACCOUNT_NOT_FOUND', `No account has the email ${normalized}.`, { email: normalized });
        const link = await detachSlackLink(tx, now, random, account.id, 'operator');
        if (!link) throw new AccountError('SLACK_NOT_LINKED', `The account ${normalized} is not linked to a Slack user.`, { email: normalized });
        return {
          accountId: account.id,
          email: account.email,
          teamId: link.teamId,
          userId: link.userId,
          ...(link.enterpriseId ? { enterpriseId: link.enterpriseId } : {}),
          linkedAt: link.linkedAt,
        };
      });
    },

    /** The account this Slack user acts for, or null when it has not linked one. */
    async accountForSlackUser(input: SlackUser): Promise<AccountSummary | null> {
      const user = slackUser(input);
      const account = await store.view(async (view) => {
        const accountId = await accountIdForSlackUser(view, user);
        return accountId ? view.get('accounts', accountId) : null;
      });
      return account ? toSummary(account, clock.now()) : null;
    },

    /** The Slack user the account is linked to, or null. ACCOUNT_NOT_FOUND for an unknown account. */
    async linkFor(accountId: string): Promise<SlackLinkView | null> {
      const link = await store.view(async (view) => {
        await requireAccount(view, accountId);
        return view.get('slackLinks', accountId);
      });
      if (!link) return null;
      return {
        teamId: link.teamId,
        userId: link.userId,
        ...(link.enterpriseId ? { enterpriseId: link.enterpriseId } : {}),
        linkedAt: link.linkedAt,
        ...(link.handle ? { handle: link.handle } : {}),
        ...(link.teamName ? { teamName: link.teamName } : {}),
      };
    },

    /**
     * Remembers how people know a linked Slack user and its workspace, as Slack reported them (the
     * Slack app asks at link time, and hears of a changed profile): `handle` for the user,
     * `teamName` for the workspace `teamId` names (kept only when it is the link's workspace).
     * Undefined leaves a name as it is; null, or a name that is not safe to show (safeSlackName),
     * forgets it, so the ids are shown instead of a stale or hostile name. Nothing happens for a
     * Slack user without a link. Returns whether the link changed. INVALID_INPUT for bad ids.
     */
    async rememberNames(input: SlackUser & { readonly handle?: string | null; readonly teamName?: string | null }): Promise<boolean> {
      const user = slackUser(input);
      const handle = input.handle === undefined ? undefined : safeSlackHandle(input.handle);
      const teamName = input.teamName === undefined ? undefined : safeSlackName(input.teamName);
      const differs = (link: DeepReadonly<SlackLink>) =>
        (handle !== undefined && (link.handle ?? null) !== handle) || (teamName !== undefined && link.teamId === user.teamId && (link.teamName ?? null) !== teamName);
      // Slack reports every profile change in a workspace: a read decides, and only a change writes.
      const current = await store.view(async (view) => {
        const accountId = await accountIdForSlackUser(view, user);
        return accountId ? view.get('slackLinks', accountId) : null;
      });
      if (!current || !differs(current)) return false;
      return store.transact(async (tx) => {
        const accountId = await accountIdForSlackUser(tx, user);
        const link = accountId ? await tx.get('slackLinks', accountId) : null;
        if (!link || !differs(link)) return false;
        const keptHandle = handle === undefined ? link.handle : handle;
        const keptTeam = teamName === undefined || link.teamId !== user.teamId ? link.teamName : teamName;
        const next: SlackLink = { ...link };
        delete next.handle;
        delete next.teamName;
        tx.put('slackLinks', link.accountId, { ...next, ...(keptHandle ? { handle: keptHandle } : {}), ...(keptTeam ? { teamName: keptTeam } : {}) });
        return true;
      });
    },
  };
}

export type SlackLinkService = ReturnType<typeof createSlackLinkService>;
