import type { CoreContext } from '../context.ts';
import type { Account, Document } from '../store/schema.ts';
import type { Snapshot } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { newId } from '../shared/random.ts';
import { addMs, iso, MS_PER_MINUTE } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { applySecondFactor, checkSecondFactor, SECOND_FACTOR_MESSAGES } from '../mfa/second-factor.ts';
import { normalizeEmail } from './email.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { ACCOUNT_NAME_MAX_LENGTH, MFA_CHALLENGE_MINUTES } from './constants.ts';
import { assertNotLocked, clearFailures, lockedError, lockedUntil, registerFailure } from './lockout.ts';
import { toSummary, type AccountSummary, type LoginResult, type SecurityActivity, type Session } from './types.ts';

const INVALID_CREDENTIALS = () => new AccountError('INVALID_CREDENTIALS', 'The email or password is incorrect.');

/** Looks an account up by its normalised email; null when there is none. */
export function findAccountByEmail<D extends Snapshot | Document>(doc: D, email: string): D['accounts'][string] | null {
  for (const account of Object.values(doc.accounts)) if (account.email === email) return account as D['accounts'][string];
  return null;
}

/** The draft account with `accountId`, or ACCOUNT_NOT_FOUND. */
export function requireAccount<D extends Snapshot | Document>(doc: D, accountId: string): D['accounts'][string] {
  const account = doc.accounts[accountId];
  if (!account) throw new AccountError('ACCOUNT_NOT_FOUND', 'No such account.', { accountId });
  return account as D['accounts'][string];
}

function validName(name: string | undefined, email: string): string {
  const trimmed = (name ?? '').trim();
  if (trimmed.length > ACCOUNT_NAME_MAX_LENGTH) {
    throw new AccountError('INVALID_INPUT', `The name must be at most ${ACCOUNT_NAME_MAX_LENGTH} characters.`);
  }
  return trimmed || email.split('@')[0]!;
}

interface Challenge {
  a: string;
  exp: number;
  pw: string;
}

export function createAccountsService(ctx: CoreContext) {
  const { store, clock, random, hasher, secrets } = ctx;
  /** Verified against when the email is unknown, so both failures take about as long. */
  let dummyHash: Promise<string> | null = null;

  async function failLogin(accountId: string, front: LoginFront, reason: string): Promise<never> {
    const now = clock.now();
    const lockEnd = await store.transact((doc) => {
      const account = doc.accounts[accountId];
      if (!account) return null;
      const already = lockedUntil(account, now);
      if (already) return already;
      const until = registerFailure(account, now);
      recordSecurityEvent(doc, now, random, accountId, 'login.failed', { via: front, reason });
      if (until) recordSecurityEvent(doc, now, random, accountId, 'login.locked', { until: iso(until) });
      return until;
    });
    if (lockEnd) throw lockedError(lockEnd);
    throw reason === 'password' ? INVALID_CREDENTIALS() : new AccountError('MFA_CODE_INVALID', SECOND_FACTOR_MESSAGES.MFA_CODE_INVALID);
  }

  async function succeed(accountId: string, front: LoginFront, rehash: string | null): Promise<Session> {
    const now = clock.now();
    return store.transact((doc) => {
      const account = requireAccount(doc, accountId);
      clearFailures(account);
      if (rehash) account.passwordHash = rehash;
      recordSecurityEvent(doc, now, random, accountId, 'login.succeeded', { via: front });
      return { accountId, email: account.email };
    });
  }

  return {
    /** Creates an account; the password must pass the policy. */
    async create(input: { email: string; name?: string; password: string }): Promise<AccountSummary> {
      const email = normalizeEmail(input.email);
      const name = validName(input.name, email);
      assertPasswordAllowed(input.password, email);
      if (findAccountByEmail(await store.read(), email)) throw emailTaken(email);
      const passwordHash = await hasher.hash(input.password);
      const now = clock.now();
      return store.transact((doc) => {
        if (findAccountByEmail(doc, email)) throw emailTaken(email);
        const account: Account = {
          id: newId(random, 'acc'),
          email,
          name,
          passwordHash,
          createdAt: iso(now),
          passwordChangedAt: iso(now),
          failedLogins: [],
          lockedUntil: null,
          mfa: { enabled: false, secret: null, enabledAt: null, lastUsedStep: null, recoveryCodes: [], pending: null },
        };
        doc.accounts[account.id] = account;
        recordSecurityEvent(doc, now, random, account.id, 'account.created', {});
        return toSummary(account, now);
      });
    },

    async get(accountId: string): Promise<AccountSummary> {
      return toSummary(requireAccount(await store.read(), accountId), clock.now());
    },

    async findByEmail(email: string): Promise<AccountSummary | null> {
      const account = findAccountByEmail(await store.read(), normalizeEmail(email));
      return account ? toSummary(account, clock.now()) : null;
    },

    /** Every account, by email. */
    async list(): Promise<AccountSummary[]> {
      const now = clock.now();
      return Object.values((await store.read()).accounts)
        .map((account) => toSummary(account, now))
        .sort((a, b) => a.email.localeCompare(b.email));
    },

    /**
     * First login step. An unknown email and a wrong password give the same error after the same
     * work; a locked account is refused before its password is checked.
     */
    async login(input: { email: string; password: string; via?: LoginFront }): Promise<LoginResult> {
      const front = input.via ?? 'dashboard';
      let email: string;
      try {
        email = normalizeEmail(input.email);
      } catch {
        throw INVALID_CREDENTIALS();
      }
      const account = findAccountByEmail(await store.read(), email);
      if (!account) {
        dummyHash ??= hasher.hash('kbc-account timing equaliser');
        await hasher.verify(await dummyHash, input.password);
        throw INVALID_CREDENTIALS();
      }
      assertNotLocked(account, clock.now());
      if (!(await hasher.verify(account.passwordHash, input.password))) return failLogin(account.id, front, 'password');
      if (account.mfa.enabled) {
        const challenge: Challenge = {
          a: account.id,
          exp: addMs(clock.now(), MFA_CHALLENGE_MINUTES * MS_PER_MINUTE).getTime(),
          pw: account.passwordChangedAt,
        };
        return { status: 'mfa_required', challenge: secrets.seal(JSON.stringify(challenge)) };
      }
      const rehash = hasher.needsRehash(account.passwordHash) ? await hasher.hash(input.password) : null;
      return { status: 'ok', session: await succeed(account.id, front, rehash) };
    },

    /** Second login step: a TOTP code or a recovery code. Wrong codes count toward the lockout. */
    async completeMfaLogin(input: { challenge: string; code: string; via?: LoginFront }): Promise<Session> {
      const front = input.via ?? 'dashboard';
      const now = clock.now();
      let challenge: Challenge;
      try {
        challenge = JSON.parse(secrets.open(input.challenge)) as Challenge;
      } catch {
        throw challengeError();
      }
      if (challenge.exp <= now.getTime()) throw challengeError();
      const account = requireAccount(await store.read(), challenge.a);
      if (account.passwordChangedAt !== challenge.pw || !account.mfa.enabled) throw challengeError();
      assertNotLocked(account, now);
      const checked = await checkSecondFactor(secrets, account, input.code, now, { allowRecovery: true });
      if (checked.kind === 'rejected' && checked.code === 'MFA_CODE_MALFORMED') {
        throw new AccountError('MFA_CODE_MALFORMED', SECOND_FACTOR_MESSAGES.MFA_CODE_MALFORMED);
      }
      const outcome = await store.transact((doc) => {
        const draft = requireAccount(doc, account.id);
        const locked = lockedUntil(draft, now);
        if (locked) return { locked };
        const applied = applySecondFactor(draft, checked, now);
        if (!applied.ok) {
          const until = registerFailure(draft, now);
          recordSecurityEvent(doc, now, random, draft.id, 'mfa.code_failed', { via: front, reason: applied.code });
          if (until) recordSecurityEvent(doc, now, random, draft.id, 'login.locked', { until: iso(until) });
          return { failed: applied.code, locked: until };
        }
        clearFailures(draft);
        if (applied.usedRecoveryCode) {
          const left = draft.mfa.recoveryCodes.filter((code) => code.usedAt === null).length;
          recordSecurityEvent(doc, now, random, draft.id, 'mfa.recovery_code_used', { left });
        }
        recordSecurityEvent(doc, now, random, draft.id, 'login.succeeded', { via: front, mfa: true });
        return { session: { accountId: draft.id, email: draft.email } };
      });
      if ('session' in outcome && outcome.session) return outcome.session;
      if (outcome.locked) throw lockedError(outcome.locked);
      const code = 'failed' in outcome && outcome.failed ? outcome.failed : 'MFA_CODE_INVALID';
      throw new AccountError(code, SECOND_FACTOR_MESSAGES[code]);
    },

    /** Changes the password: the current one must be right, the new one different and allowed. */
    async changePassword(input: { accountId: string; currentPassword: string; newPassword: string }): Promise<void> {
      const account = requireAccount(await store.read(), input.accountId);
      assertNotLocked(account, clock.now());
      if (!(await hasher.verify(account.passwordHash, input.currentPassword))) {
        const now = clock.now();
        const until = await store.transact((doc) => {
          const draft = requireAccount(doc, account.id);
          const lockEnd = registerFailure(draft, now);
          recordSecurityEvent(doc, now, random, draft.id, 'login.failed', { via: 'change-password', reason: 'password' });
          if (lockEnd) recordSecurityEvent(doc, now, random, draft.id, 'login.locked', { until: iso(lockEnd) });
          return lockEnd;
        });
        if (until) throw lockedError(until);
        throw new AccountError('CURRENT_PASSWORD_WRONG', 'The current password is incorrect.');
      }
      if (input.newPassword === input.currentPassword) {
        throw new AccountError('PASSWORD_UNCHANGED', 'The new password must differ from the current one.');
      }
      assertPasswordAllowed(input.newPassword, account.email);
      const passwordHash = await hasher.hash(input.newPassword);
      const now = clock.now();
      await store.transact((doc) => {
        const draft = requireAccount(doc, account.id);
        draft.passwordHash = passwordHash;
        draft.passwordChangedAt = iso(now);
        clearFailures(draft);
        recordSecurityEvent(doc, now, random, draft.id, 'password.changed', {});
      });
    },

    /** Operator: lifts a lockout. */
    async unlock(email: string): Promise<AccountSummary> {
      const normalized = normalizeEmail(email);
      const now = clock.now();
      return store.transact((doc) => {
        const account = findAccountByEmail(doc, normalized);
        if (!account) throw notFound(normalized);
        clearFailures(account);
        recordSecurityEvent(doc, now, random, account.id, 'account.unlocked', { by: 'operator' });
        return toSummary(account, now);
      });
    },

    /** Operator: turns MFA off for someone who lost both their device and their recovery codes. */
    async resetMfa(email: string): Promise<AccountSummary> {
      const normalized = normalizeEmail(email);
      const now = clock.now();
      return store.transact((doc) => {
        const account = findAccountByEmail(doc, normalized);
        if (!account) throw notFound(normalized);
        account.mfa = { enabled: false, secret: null, enabledAt: null, lastUsedStep: null, recoveryCodes: [], pending: null };
        recordSecurityEvent(doc, now, random, account.id, 'mfa.reset', { by: 'operator' });
        return toSummary(account, now);
      });
    },

    /** The account's security events, newest first. */
    async securityActivity(accountId: string, limit = 100): Promise<SecurityActivity[]> {
      const doc = await store.read();
      requireAccount(doc, accountId);
      return [...(doc.securityEvents[accountId] ?? [])].reverse().slice(0, limit);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;

/** Which front end a login came through, recorded in the security activity. */
export type LoginFront = 'dashboard' | 'slack' | 'cli';

const emailTaken = (email: string) =>
  new AccountError('EMAIL_TAKEN', `An account with the email ${email} already exists.`, { email });
const notFound = (email: string) => new AccountError('ACCOUNT_NOT_FOUND', `No account has the email ${email}.`, { email });
const challengeError = () =>
  new AccountError('MFA_CHALLENGE_INVALID', 'The sign-in took too long or is no longer valid; enter your password again.');

