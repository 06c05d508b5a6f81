import type { Random } from '../shared/random.ts';
import type { SessionEndReason, SessionFront, SessionRecord } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction, StoreView } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { sha256 } from '../crypto/digest.ts';
import { addMs, iso, MS_PER_HOUR, MS_PER_MINUTE } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { ENDED_SESSION_KEPT_HOURS, SESSION_IDLE_MINUTES, SESSION_LIFETIME_HOURS, SUDO_MINUTES } from './constants.ts';

const TOKEN_PREFIX = 'kbs_';
const TOKEN_BYTES = 32;
/** Sessions of one account read at once when ending or sweeping them; far above what one person holds. */
const SESSIONS_PER_PAGE = 200;

/** Why a session cannot be used: one of the stored reasons, or a timeout computed at check time. */
export type SessionEnd = SessionEndReason | 'idle' | 'expired' | 'unknown';

/** What a new session is: which account, through which front end, and where from. */
export interface SessionStart {
  readonly accountId: string;
  readonly via: SessionFront;
  /** Shown in the account's session list, e.g. "local terminal" or "ssh from 203.0.113.5". */
  readonly from: string;
}

/** The store key of the session a front end holds `token` for: a digest, so a copy of the store signs nobody in. */
export const sessionKey = (token: string): string => sha256(token);

/** Why the session is unusable at `now`, or null when it is active. */
export function sessionEnd(session: DeepReadonly<SessionRecord>, now: Date): SessionEnd | null {
  if (session.ended) return session.ended.reason;
  if (now.getTime() >= new Date(session.createdAt).getTime() + SESSION_LIFETIME_HOURS * MS_PER_HOUR) return 'expired';
  if (now.getTime() >= new Date(session.lastActiveAt).getTime() + SESSION_IDLE_MINUTES * MS_PER_MINUTE) return 'idle';
  return null;
}

/** When the session's sudo window closes: SUDO_MINUTES after the user last proved who they are. */
export const sudoUntil = (session: DeepReadonly<SessionRecord>): Date => addMs(new Date(session.authenticatedAt), SUDO_MINUTES * MS_PER_MINUTE);

const END_MESSAGES: Record<SessionEnd, string> = {
  signed_out: 'You signed out.',
  signed_out_everywhere: 'You signed out everywhere.',
  password_changed: 'The password was changed in another session.',
  mfa_disabled: 'Multi-factor authentication was turned off in another session.',
  mfa_reset: 'An operator reset multi-factor authentication on this account.',
  locked: 'The account was locked after too many failed attempts.',
  reauth_failed: 'Too many wrong passwords or codes were given to confirm it was you.',
  signed_out_remotely: 'It was signed out from another session of this account.',
  idle: `The session was idle for more than ${SESSION_IDLE_MINUTES} minutes.`,
  expired: `Sessions last at most ${SESSION_LIFETIME_HOURS} hours.`,
  unknown: 'The session is not known (it ended long ago, or the data was restored from a backup).',
};

/** SESSION_ENDED saying why; `details.reason` is the SessionEnd for front ends to word. */
export const sessionEndedError = (reason: SessionEnd): AccountError =>
  new AccountError('SESSION_ENDED', `You were signed out: ${END_MESSAGES[reason]} Sign in again.`, { reason });

/** The session `token` names, or SESSION_ENDED when it is unknown, ended or timed out. */
export async function requireActiveSession(view: StoreView, token: string, now: Date): Promise<DeepReadonly<SessionRecord>>;
export async function requireActiveSession(view: StoreTransaction, token: string, now: Date): Promise<SessionRecord>;
export async function requireActiveSession(view: StoreView | StoreTransaction, token: string, now: Date): Promise<DeepReadonly<SessionRecord>> {
  const session = typeof token === 'string' && token.startsWith(TOKEN_PREFIX) ? await view.get('sessions', sessionKey(token)) : null;
  if (!session) throw sessionEndedError('unknown');
  const end = sessionEnd(session, now);
  if (end) throw sessionEndedError(end);
  return session;
}

/**
 * Starts a session inside the caller's transaction (a login that succeeded) and returns the
 * secret the front end holds. Also drops the account's sessions that ended long enough ago: the
 * `stale` ids when the caller looked them up already (staleSessionIds, e.g. while argon2 ran),
 * else it looks them up itself.
 */
export async function startSession(tx: StoreTransaction, random: Random, now: Date, start: SessionStart, stale?: readonly string[]): Promise<string> {
  const token = `${TOKEN_PREFIX}${random.bytes(TOKEN_BYTES).toString('base64url')}`;
  const at = iso(now);
  const key = sessionKey(token);
  for (const id of stale ?? (await staleSessionIds(tx, start.accountId, now))) tx.delete('sessions', id);
  tx.put('sessions', key, {
    id: key,
    accountId: start.accountId,
    via: start.via,
    from: start.from,
    createdAt: at,
    lastActiveAt: at,
    authenticatedAt: at,
    failedReauths: 0,
    ended: null,
  });
  return token;
}

/** The account's sessions, oldest first (at most SESSIONS_PER_PAGE: far more than one person holds). */
export async function sessionsOf(view: StoreView | StoreTransaction, accountId: string): Promise<readonly DeepReadonly<SessionRecord>[]> {
  return (await view.page('sessions', 'account', { key: accountId, limit: SESSIONS_PER_PAGE, after: null })).items;
}

/**
 * Ends every active session of the account (but `exceptKey`, the session that made the change)
 * inside the caller's transaction. Returns how many it ended.
 */
export async function endSessions(tx: StoreTransaction, now: Date, accountId: string, reason: SessionEndReason, exceptKey?: string): Promise<number> {
  let ended = 0;
  for (const session of await sessionsOf(tx, accountId)) {
    if (session.id === exceptKey || sessionEnd(session, now) !== null) continue;
    tx.put('sessions', session.id, { ...session, ended: { at: iso(now), reason } });
    ended += 1;
  }
  return ended;
}

/**
 * The ids of the account's sessions that ended (or timed out) more than ENDED_SESSION_KEPT_HOURS
 * ago, which a new session drops. Read without locks they stay right: a session stale now stays
 * stale, so deleting it later is never wrong.
 */
export async function staleSessionIds(reader: StoreView | StoreTransaction, accountId: string, now: Date): Promise<string[]> {
  const cutoff = now.getTime() - ENDED_SESSION_KEPT_HOURS * MS_PER_HOUR;
  return (await sessionsOf(reader, accountId))
    .filter((session) => {
      const endedAt = session.ended ? new Date(session.ended.at).getTime() : timedOutAt(session, now);
      return endedAt !== null && endedAt < cutoff;
    })
    .map((session) => session.id);
}

/** When an unended session timed out (idle or lifetime, whichever came first), or null while it has not. */
function timedOutAt(session: DeepReadonly<SessionRecord>, now: Date): number | null {
  const idle = new Date(session.lastActiveAt).getTime() + SESSION_IDLE_MINUTES * MS_PER_MINUTE;
  const lifetime = new Date(session.createdAt).getTime() + SESSION_LIFETIME_HOURS * MS_PER_HOUR;
  const at = Math.min(idle, lifetime);
  return at <= now.getTime() ? at : null;
}

/** Ends the account's other sessions after a change of its credentials, and records it. */
export async function endOtherSessions(
  random: Random,
  tx: StoreTransaction,
  now: Date,
  accountId: string,
  reason: SessionEndReason,
  keepToken?: string,
): Promise<void> {
  const ended = await endSessions(tx, now, accountId, reason, keepToken === undefined ? undefined : sessionKey(keepToken));
  if (ended > 0) await recordSecurityEvent(tx, now, random, accountId, 'session.ended', { reason, count: ended });
}
