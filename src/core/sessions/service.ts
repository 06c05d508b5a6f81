import type { CoreContext } from '../context.ts';
import type { SessionFront, SessionRecord } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { requireAccount } from '../accounts/model.ts';
import { normalizePassword } from '../accounts/password-policy.ts';
import { applySecondFactor, checkSecondFactor } from '../mfa/second-factor.ts';
import { ACTIVITY_WRITE_SECONDS, MAX_FAILED_REAUTHS, SUDO_MINUTES } from './constants.ts';
import { endSessions, requireActiveSession, sessionEnd, sessionEndedError, sessionKey, sessionsOf, sudoUntil } from './model.ts';

/** A session checked as active: who it is for, and until when sudo mode lasts. */
export interface SignedIn {
  readonly accountId: string;
  readonly via: SessionFront;
  /** ISO time the sudo window closes; sensitive actions before then need no password. */
  readonly sudoUntil: string;
}

/** One of the account's active sessions, as Account & Security lists it. */
export interface SessionView {
  /** Names the session to sign it out (`signOutSession`); not the session's token, and no use without one. */
  readonly id: string;
  readonly via: SessionFront;
  readonly from: string;
  readonly createdAt: string;
  readonly lastActiveAt: string;
  /** True for the session asking. */
  readonly current: boolean;
}

/** How a session proves again who is using it: the password, or (with MFA on) a code from the app. */
export type Reauthentication = { readonly password: string } | { readonly code: string };

type ReauthOutcome = { kind: 'ok'; signedIn: SignedIn } | { kind: 'wrong'; left: number } | { kind: 'ended' };

const signedInOf = (session: DeepReadonly<SessionRecord>): SignedIn => ({ accountId: session.accountId, via: session.via, sudoUntil: iso(sudoUntil(session)) });

export function createSessionsService(ctx: CoreContext) {
  const { store, clock, random, hasher, secrets } = ctx;

  /**
   * The session `token` names, checked as active; SESSION_ENDED (with `details.reason`) when it
   * is not. With `activity`, records that the user did something (at most once a minute), which
   * keeps the session from idling out; background refreshes check without it.
   */
  async function check(token: string, options: { activity?: boolean } = {}): Promise<SignedIn> {
    const now = clock.now();
    let session = await store.view((view) => requireActiveSession(view, token, now));
    const stale = now.getTime() - new Date(session.lastActiveAt).getTime() >= ACTIVITY_WRITE_SECONDS * 1000;
    if (options.activity && stale) {
      session = await store.transact(async (tx) => {
        const draft = await requireActiveSession(tx, token, now);
        draft.lastActiveAt = iso(now);
        return draft;
      });
    }
    return signedInOf(session);
  }

  return {
    check,

    /**
     * SUDO_REQUIRED unless the user proved who they are within SUDO_MINUTES in this session;
     * `details.proof` says what to ask for ('password', or 'password_or_code' with MFA on).
     */
    async requireSudo(token: string): Promise<SignedIn> {
      const signedIn = await check(token, { activity: true });
      if (clock.now().getTime() < new Date(signedIn.sudoUntil).getTime()) return signedIn;
      const account = await store.view((view) => requireAccount(view, signedIn.accountId));
      throw new AccountError(
        'SUDO_REQUIRED',
        `Confirm it is you: it has been more than ${SUDO_MINUTES} minutes since you last entered your password${account.mfa.enabled ? ' or a code' : ''}.`,
        { proof: account.mfa.enabled ? 'password_or_code' : 'password' },
      );
    },

    /**
     * Sudo mode: the password (or, with MFA on, a code from the authenticator app) proves again
     * who is using the session. A wrong one is REAUTH_INVALID with `details.left`; after
     * MAX_FAILED_REAUTHS the session ends, so a stolen session cannot guess its way further.
     * These failures count against the session, not the account: they cannot lock the owner out.
     */
    async reauthenticate(token: string, proof: Reauthentication): Promise<SignedIn> {
      const now = clock.now();
      const { session, account } = await store.view(async (view) => {
        const active = await requireActiveSession(view, token, now);
        return { session: active, account: await requireAccount(view, active.accountId) };
      });
      let right: boolean;
      let checked: Awaited<ReturnType<typeof checkSecondFactor>> | null = null;
      if ('password' in proof) {
        right = await hasher.verify(account.passwordHash, normalizePassword(proof.password));
      } else {
        checked = account.mfa.enabled ? await checkSecondFactor(secrets, account, proof.code, now, { allowRecovery: false }) : null;
        right = checked !== null && checked.kind === 'totp';
      }
      const outcome = await store.transact(async (tx): Promise<ReauthOutcome> => {
        const draft = await requireActiveSession(tx, token, now);
        const owner = await requireAccount(tx, draft.accountId);
        // A TOTP step is single-use here too: a code seen over a shoulder cannot be replayed.
        if (right && checked && !applySecondFactor(owner, checked, now).ok) right = false;
        // The password changed meanwhile: the one just checked no longer proves anything.
        if (right && owner.passwordChangedAt !== account.passwordChangedAt) right = false;
        if (right) {
          draft.authenticatedAt = iso(now);
          draft.lastActiveAt = iso(now);
          draft.failedReauths = 0;
          return { kind: 'ok', signedIn: signedInOf(draft) };
        }
        draft.failedReauths += 1;
        const left = MAX_FAILED_REAUTHS - draft.failedReauths;
        if (left > 0) return { kind: 'wrong', left };
        draft.ended = { at: iso(now), reason: 'reauth_failed' };
        await recordSecurityEvent(tx, now, random, draft.accountId, 'session.ended', { reason: 'reauth_failed', via: draft.via });
        return { kind: 'ended' };
      });
      if (outcome.kind === 'ended') throw sessionEndedError('reauth_failed');
      if (outcome.kind === 'wrong') {
        const what = 'password' in proof ? 'That password is not right.' : 'That code is not right (or was already used).';
        throw new AccountError('REAUTH_INVALID', `${what} ${outcome.left} more wrong ${outcome.left === 1 ? 'try ends' : 'tries end'} this session.`, {
          left: outcome.left,
        });
      }
      return outcome.signedIn;
    },

    /** The account's active sessions, oldest first, marking the one asking. */
    async list(token: string): Promise<SessionView[]> {
      const now = clock.now();
      const current = sessionKey(token);
      const sessions = await store.view(async (view) => {
        const session = await requireActiveSession(view, token, now);
        return sessionsOf(view, session.accountId);
      });
      return sessions
        .filter((session) => sessionEnd(session, now) === null)
        .map((session) => ({ id: session.id, via: session.via, from: session.from, createdAt: session.createdAt, lastActiveAt: session.lastActiveAt, current: session.id === current }));
    },

    /**
     * How many sessions of the account are active now, and the latest activity among them: the
     * security summary a front end without a session of its own shows (the Slack Home tab).
     * ACCOUNT_NOT_FOUND for an unknown account.
     */
    async summaryFor(accountId: string): Promise<{ readonly active: number; readonly lastActiveAt: string | null }> {
      const now = clock.now();
      const sessions = await store.view(async (view) => {
        await requireAccount(view, accountId);
        return sessionsOf(view, accountId);
      });
      const active = sessions.filter((session) => sessionEnd(session, now) === null);
      const lastActiveAt = active.reduce<string | null>((latest, session) => (latest === null || session.lastActiveAt > latest ? session.lastActiveAt : latest), null);
      return { active: active.length, lastActiveAt };
    },

    /** Ends this session. Signing out of one that already ended is not an error. */
    async signOut(token: string): Promise<void> {
      const now = clock.now();
      await store.transact(async (tx) => {
        const session = await tx.get('sessions', sessionKey(token));
        if (session && sessionEnd(session, now) === null) session.ended = { at: iso(now), reason: 'signed_out' };
      });
    },

    /**
     * Ends one other session of the account (`id` from `list`): someone else's terminal, a
     * forgotten SSH session. SESSION_NOT_FOUND when no session of this account has that id;
     * one that ended already is no error. The session it ends returns to sign-in, told why.
     */
    async signOutSession(token: string, id: string): Promise<void> {
      const now = clock.now();
      await store.transact(async (tx) => {
        const session = await requireActiveSession(tx, token, now);
        const target = typeof id === 'string' ? await tx.get('sessions', id) : null;
        if (!target || target.accountId !== session.accountId) {
          throw new AccountError('SESSION_NOT_FOUND', 'That session is not one of this account’s.', { id: String(id).slice(0, 80) });
        }
        if (sessionEnd(target, now) !== null) return;
        const reason = target.id === session.id ? 'signed_out' : 'signed_out_remotely';
        target.ended = { at: iso(now), reason };
        await recordSecurityEvent(tx, now, random, session.accountId, 'session.ended', { reason, via: target.via, from: target.from });
      });
    },

    /** Ends every session of the account, this one included; returns how many ended. */
    async signOutEverywhere(token: string): Promise<number> {
      const now = clock.now();
      return store.transact(async (tx) => {
        const session = await requireActiveSession(tx, token, now);
        const ended = await endSessions(tx, now, session.accountId, 'signed_out_everywhere');
        await recordSecurityEvent(tx, now, random, session.accountId, 'session.ended', { reason: 'signed_out_everywhere', count: ended });
        return ended;
      });
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
