import { isAccountError, type AccountError } from './errors.ts';
import type { AccountsService } from './accounts/service.ts';
import type { MfaService } from './mfa/service.ts';
import type { ProjectsService } from './projects/service.ts';
import type { InvitationsService } from './invitations/service.ts';
import type { JoinRequestsService } from './join-requests/service.ts';
import type { ProjectRole } from './store/schema.ts';
import type { TokensService } from './tokens/service.ts';
import type { NotificationsService } from './notifications/service.ts';
import type { PromoService } from './promo/service.ts';
import type { SlackLinkService } from './slack-link/service.ts';
import type { PreferencesService } from './preferences/service.ts';
import type { Reauthentication, SessionsService, SignedIn } from './sessions/service.ts';

export interface ScopeServices {
  readonly accounts: AccountsService;
  readonly mfa: MfaService;
  readonly projects: ProjectsService;
  readonly invitations: InvitationsService;
  readonly joinRequests: JoinRequestsService;
  readonly tokens: TokensService;
  readonly notifications: NotificationsService;
  readonly promo: PromoService;
  readonly slackLink: SlackLinkService;
  readonly sessions: SessionsService;
  readonly preferences: PreferencesService;
}

export interface ScopeOptions {
  /** Called before a call rejects with SESSION_ENDED: the front end returns to its sign-in. */
  readonly onEnded?: (error: AccountError) => void;
}

type Rest<F> = F extends (accountId: string, ...rest: infer A) => Promise<infer R> ? (...rest: A) => Promise<R> : never;

/**
 * Everything a signed-in user does, for the session `token` names. Every call first checks that
 * the session is still active (not signed out, not ended by a password change, an MFA change or a
 * lockout elsewhere, not idle or too old) and only then acts for its account: a front end never
 * passes an account id of its own. Calls that change something count as activity (they keep the
 * session from idling out); reads, which a screen repeats in the background, do not.
 *
 * Sudo mode: creating or rotating a token, starting MFA enrolment, creating a Slack link code and unlinking
 * Slack need the password (or a code) given within SUDO_MINUTES, else SUDO_REQUIRED; the front end
 * asks for it, calls `reauthenticate`, and runs the action again. Disabling MFA, regenerating
 * recovery codes and changing the password take a code or the password themselves.
 */
export function createAccountScope(services: ScopeServices, token: string, options: ScopeOptions = {}) {
  const { sessions } = services;

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isAccountError(error, 'SESSION_ENDED')) options.onEnded?.(error);
      throw error;
    }
  }
  const read = () => sessions.check(token);
  const act = () => sessions.check(token, { activity: true });
  const sudo = () => sessions.requireSudo(token);

  /** `service.method` for the session's account, after `gate` checked the session. */
  function bind<F extends (accountId: string, ...rest: never[]) => Promise<unknown>>(gate: () => Promise<SignedIn>, service: object, method: F): Rest<F> {
    return ((...rest: never[]) => guarded(async () => method.call(service, (await gate()).accountId, ...rest))) as Rest<F>;
  }

  const { accounts, mfa, projects, invitations, joinRequests, tokens, notifications, promo, slackLink, preferences } = services;
  return {
    /** The session's account id; checks the session. */
    accountId: (): Promise<string> => guarded(async () => (await read()).accountId),
    session: {
      /** The session as checked now (SESSION_ENDED when it is not active). */
      check: () => guarded(read),
      /** Records that the user is there (a key press): keeps the session from idling out. */
      stillHere: () => guarded(act),
      reauthenticate: (proof: Reauthentication) => guarded(() => sessions.reauthenticate(token, proof)),
      list: () => guarded(() => sessions.list(token)),
      signOut: () => sessions.signOut(token),
      signOutEverywhere: () => guarded(() => sessions.signOutEverywhere(token)),
      signOutSession: (id: string) => guarded(() => sessions.signOutSession(token, id)),
    },
    accounts: {
      get: bind(read, accounts, accounts.get),
      securityActivity: bind(read, accounts, accounts.securityActivity),
      changePassword: (input: { currentPassword: string; newPassword: string }) =>
        guarded(async () => accounts.changePassword({ ...input, accountId: (await act()).accountId, keepSession: token })),
    },
    mfa: {
      status: bind(read, mfa, mfa.status),
      startEnrollment: bind(sudo, mfa, mfa.startEnrollment),
      cancelEnrollment: bind(act, mfa, mfa.cancelEnrollment),
      activate: bind(act, mfa, mfa.activate),
      disable: (code: string) => guarded(async () => mfa.disable((await act()).accountId, code, { keepSession: token })),
      regenerateRecoveryCodes: bind(act, mfa, mfa.regenerateRecoveryCodes),
    },
    projects: {
      listForAccount: bind(read, projects, projects.listForAccount),
      getForAccount: bind(read, projects, projects.getForAccount),
      leave: bind(act, projects, projects.leave),
    },
    joinRequests: {
      request: bind(act, joinRequests, joinRequests.request),
      listOwn: bind(read, joinRequests, joinRequests.listOwn),
      cancel: bind(act, joinRequests, joinRequests.cancel),
      listToAnswer: bind(read, joinRequests, joinRequests.listToAnswer),
      get: bind(read, joinRequests, joinRequests.get),
      /** Approves as an admin of the project; `role` is what the requester becomes (guest unless told). */
      approve: (requestId: string, options: { readonly role?: ProjectRole } = {}) =>
        guarded(async () => joinRequests.approve(requestId, { accountId: (await act()).accountId }, options.role === undefined ? {} : { role: options.role })),
      reject: (requestId: string, options: { readonly reason?: string | null } = {}) =>
        guarded(async () => joinRequests.reject(requestId, { accountId: (await act()).accountId }, options.reason == null ? {} : { reason: options.reason })),
    },
    invitations: {
      listPending: bind(read, invitations, invitations.listPending),
      listHistory: bind(read, invitations, invitations.listHistory),
      get: bind(read, invitations, invitations.get),
      accept: bind(act, invitations, invitations.accept),
      decline: bind(act, invitations, invitations.decline),
    },
    tokens: {
      list: bind(read, tokens, tokens.list),
      listExpiringSoon: bind(read, tokens, tokens.listExpiringSoon),
      create: bind(sudo, tokens, tokens.create),
      /** Rotates one of the account's tokens (a new secret, shown once): sudo mode, like creating one. */
      rotate: bind(sudo, tokens, tokens.rotateOwned),
      delete: bind(act, tokens, tokens.delete),
    },
    notifications: {
      listForAccount: bind(read, notifications, notifications.listForAccount),
      getForAccount: bind(read, notifications, notifications.getForAccount),
      unreadCount: bind(read, notifications, notifications.unreadCount),
      markRead: bind(act, notifications, notifications.markRead),
      markAllRead: bind(act, notifications, notifications.markAllRead),
    },
    promo: {
      redeem: bind(act, promo, promo.redeem),
      redemptions: bind(read, promo, promo.redemptions),
    },
    /** Which kinds of Slack direct message reach the user (the bell shows everything anyway). */
    preferences: {
      get: bind(read, preferences, preferences.get),
      setDm: bind(act, preferences, preferences.setDm),
    },
    slackLink: {
      linkFor: bind(read, slackLink, slackLink.linkFor),
      createLinkCode: bind(sudo, slackLink, slackLink.createLinkCode),
      unlink: bind(sudo, slackLink, slackLink.unlink),
    },
  };
}

export type AccountScope = ReturnType<typeof createAccountScope>;
