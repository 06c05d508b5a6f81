import {
  AccountError,
  ConfigError,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PROJECT_NAME_MAX_LENGTH,
  StoreError,
  TOKEN_DESCRIPTION_MAX_LENGTH,
  TOKEN_MAX_LIFETIME_DAYS,
  TOKEN_MIN_LIFETIME_DAYS,
  type ErrorCode,
  type PasswordProblem,
  type SecurityEventType,
} from '../core/index.ts';
import { lockedUntilText, retryText } from './format.ts';

/**
 * The dashboard's words for every core error code. A `Record` over the catalogue, so adding a
 * code to the core without a message here fails the type check.
 */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'Some of what you entered is not valid.',
  INVALID_EMAIL: 'That is not a valid email address.',
  EMAIL_TAKEN: 'An account with this email already exists.',
  ACCOUNT_NOT_FOUND: 'This account no longer exists.',
  PASSWORD_TOO_SHORT: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  PASSWORD_TOO_LONG: `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
  PASSWORD_TOO_COMMON: 'This password is too common; choose one that is harder to guess.',
  PASSWORD_IS_EMAIL: 'The password must not be your email address.',
  PASSWORD_TOO_WEAK: 'This password is too easy to guess; a few uncommon words make a strong one.',
  PASSWORD_UNCHANGED: 'The new password must differ from the current one.',
  INVALID_CREDENTIALS: 'The email or password is incorrect.',
  CURRENT_PASSWORD_WRONG: 'The current password is incorrect.',
  SESSION_ENDED: 'You were signed out. Sign in again.',
  SESSION_NOT_FOUND: 'That session is not one of this account’s (it may have ended meanwhile).',
  SUDO_REQUIRED: 'Confirm it is you: enter your password.',
  REAUTH_INVALID: 'That is not right.',
  ACCOUNT_LOCKED: 'Too many wrong codes: the account is locked for a while.',
  TOO_MANY_ATTEMPTS: 'Too many failed attempts. Wait a while before trying again.',
  MFA_REQUIRED: 'Enter the code from your authenticator app.',
  MFA_ALREADY_ENABLED: 'Multi-factor authentication is already enabled.',
  MFA_NOT_ENABLED: 'Multi-factor authentication is not enabled.',
  MFA_NOT_ENROLLING: 'Start enabling multi-factor authentication again.',
  MFA_CODE_MALFORMED: 'Enter the 6-digit code from your app, or a recovery code (xxxxx-xxxxx).',
  MFA_CODE_INVALID: 'That code is not valid. Check the time on your device and try the current code.',
  MFA_CODE_REUSED: 'That code was already used. Wait for the next code from your app.',
  MFA_CHALLENGE_INVALID: 'The sign-in took too long; enter your password again.',
  PROJECT_NOT_FOUND: 'That project no longer exists.',
  INVALID_ROLE: 'That role does not exist.',
  INVALID_LIMIT: 'That limit is not valid.',
  INVALID_USAGE: 'That usage value is not valid.',
  NOT_A_MEMBER: 'You are not a member of that project (any more).',
  PROJECT_MFA_REQUIRED: 'This project requires users to have multi-factor authentication enabled.',
  MFA_REQUIRED_BY_PROJECT: 'Multi-factor authentication cannot be turned off while you are a member of a project that requires it.',
  LAST_ADMIN: 'You are the last admin of this project: make another member an admin first.',
  MEMBERSHIP_NOT_TIME_BOXED: 'That membership has no end date to extend.',
  JOIN_REQUEST_NOT_FOUND: 'That join request no longer exists.',
  JOIN_REQUEST_DUPLICATE: 'You already asked to join that project; wait for an answer or cancel that request.',
  JOIN_REQUEST_EXPIRED: 'That join request has expired.',
  JOIN_REQUEST_ALREADY_ANSWERED: 'That join request was already answered.',
  ALREADY_INVITED: 'You are already invited to that project: accept the invitation instead.',
  NOT_PROJECT_ADMIN: 'Only an admin of the project can do that.',
  INVITATION_NOT_FOUND: 'That invitation no longer exists.',
  INVITATION_EXPIRED: 'That invitation has expired; ask for a new one.',
  INVITATION_ALREADY_ANSWERED: 'That invitation was already answered.',
  INVITATION_CANCELLED: 'That invitation was cancelled by the sender.',
  INVITATION_NOT_YOURS: 'That invitation is addressed to someone else.',
  ALREADY_MEMBER: 'You are already a member of that project.',
  INVITATION_DUPLICATE: 'A pending invitation for this person and project already exists.',
  TOKEN_DESCRIPTION_INVALID: `Give the token a description of 1 to ${TOKEN_DESCRIPTION_MAX_LENGTH} characters.`,
  TOKEN_EXPIRY_INVALID: `Choose an expiry between ${TOKEN_MIN_LIFETIME_DAYS} and ${TOKEN_MAX_LIFETIME_DAYS} days from today.`,
  TOKEN_NOT_FOUND: 'That token no longer exists.',
  TOKEN_MALFORMED: 'That is not a Management API token.',
  TOKEN_INVALID: 'That token is not valid.',
  TOKEN_EXPIRED: 'That token has expired.',
  TOKEN_REVOKED: 'That token was revoked and no longer works.',
  TOKEN_ALREADY_ROTATED: 'That token was rotated already; use its replacement.',
  TOKEN_GRACE_INVALID: 'Choose how long the old token keeps working: 1 hour, or not at all.',
  TOO_MANY_CREDENTIALS: 'Too many tokens at once.',
  NOTIFICATION_NOT_FOUND: 'That notification no longer exists.',
  NOTIFICATION_KIND_INVALID: 'That kind of notification does not exist.',
  NOTIFICATION_LINK_INVALID: 'That link is not valid.',
  NOTIFICATION_EXPIRY_INVALID: 'That expiry is not valid.',
  PROMO_CODE_INVALID: 'That does not look like a promo code.',
  PROMO_CODE_TAKEN: 'That promo code already exists.',
  PROMO_CODE_UNKNOWN: 'There is no such promo code. Check the spelling.',
  PROMO_CODE_EXPIRED: 'That promo code has expired.',
  PROMO_CODE_USED_UP: 'That promo code has been used up.',
  PROMO_CODE_ALREADY_REDEEMED: 'You have already redeemed that promo code.',
  PROJECT_NAME_INVALID: `Give the project a name of 1 to ${PROJECT_NAME_MAX_LENGTH} characters.`,
  SLACK_LINK_CODE_INVALID: 'That link code is not valid.',
  SLACK_LINK_CODE_EXPIRED: 'That link code has expired; generate a new one.',
  SLACK_USER_ALREADY_LINKED: 'That Slack user is already linked to an account.',
  SLACK_NOT_LINKED: 'No Slack user is linked to this account.',
  OUTBOX_ENTRY_NOT_FOUND: 'That message is no longer queued.',
  OUTBOX_CLAIM_LOST: 'Another process took over that message.',
  OUTBOX_ENTRY_WRONG_STATE: 'That message cannot be changed in its current state.',
};

/**
 * Codes whose core message carries specifics the generic words above lack (a limit, a field
 * name, the email taken): for these the core's own message is shown.
 */
const CORE_MESSAGE_IS_MORE_SPECIFIC: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SESSION_ENDED',
  'SUDO_REQUIRED',
  'REAUTH_INVALID',
  'INVALID_INPUT',
  'INVALID_LIMIT',
  'INVALID_USAGE',
  'TOKEN_DESCRIPTION_INVALID',
  'TOKEN_EXPIRY_INVALID',
  'PROJECT_NAME_INVALID',
  'EMAIL_TAKEN',
  'INVITATION_DUPLICATE',
  // Name the project(s) and, for an answered request, who answered.
  'LAST_ADMIN',
  'MFA_REQUIRED_BY_PROJECT',
  'JOIN_REQUEST_ALREADY_ANSWERED',
  'JOIN_REQUEST_EXPIRED',
  'JOIN_REQUEST_DUPLICATE',
  'ALREADY_INVITED',
  // Says what makes the password guessable ("leave out your name", "sequences like abcd").
  'PASSWORD_TOO_WEAK',
]);

/** The words for a password the policy refuses, as the form shows them while you type. */
export const passwordProblemText = (problem: PasswordProblem): string =>
  CORE_MESSAGE_IS_MORE_SPECIFIC.has(problem.code) ? problem.message : ERROR_MESSAGES[problem.code];

/**
 * A refused MFA code in words that match the step: whether it takes a recovery code, and
 * whether the code refused was one (a reused recovery code says how many are left). Null for
 * other errors, and for MFA errors without these details (the catalogue's words then).
 */
function mfaCodeText(error: AccountError): string | null {
  const { recoveryAccepted, factor, recoveryCodesLeft } = error.details;
  switch (error.code) {
    case 'MFA_CODE_MALFORMED':
      return recoveryAccepted === false ? 'Enter the 6-digit code from your authenticator app.' : null;
    case 'MFA_CODE_INVALID':
      return factor === 'recovery' ? 'That recovery code is not valid. Check it against the codes you saved.' : null;
    case 'MFA_CODE_REUSED':
      if (factor !== 'recovery') return null;
      if (typeof recoveryCodesLeft !== 'number') return 'That recovery code was already used.';
      if (recoveryCodesLeft === 0) return 'That recovery code was already used, and you have none left. Use a code from your authenticator app.';
      return `That recovery code was already used; you have ${recoveryCodesLeft} unused recovery code${recoveryCodesLeft === 1 ? '' : 's'} left.`;
    default:
      return null;
  }
}

/** What the dashboard shows for an error that is not a known domain failure. */
export const UNEXPECTED_MESSAGE = 'Something went wrong. Try again; if it keeps happening, the details are in the log.';

/**
 * Plain words for `error`. Lockouts say until when (local time and how long from `now`);
 * store and configuration errors keep their own message, which names the file or setting and
 * what is wrong.
 */
export function describeError(error: unknown, now: Date): string {
  if (error instanceof AccountError) {
    if (error.code === 'ACCOUNT_LOCKED' && typeof error.details['until'] === 'string') {
      return `Too many wrong codes: the account is ${lockedUntilText(new Date(error.details['until']), now)}.`;
    }
    if (error.code === 'TOO_MANY_ATTEMPTS' && typeof error.details['retryAfter'] === 'string') {
      return `Too many failed attempts. ${retryText(new Date(error.details['retryAfter']), now)}.`;
    }
    const words = mfaCodeText(error) ?? (CORE_MESSAGE_IS_MORE_SPECIFIC.has(error.code) && error.message ? error.message : ERROR_MESSAGES[error.code]);
    // Only the sign-in's code step says it, after the password was proven: it reveals nothing.
    const left = error.details['attemptsLeft'];
    if (typeof left === 'number') return `${words} ${left === 1 ? '1 attempt' : `${left} attempts`} left before sign-in is locked for a while.`;
    return words;
  }
  // Both name the file or setting and what is wrong; nothing the user types fixes them.
  if (error instanceof StoreError || error instanceof ConfigError) return error.message;
  return UNEXPECTED_MESSAGE;
}

/** True for errors the user can act on; anything else is also logged. */
export const isExpectedError = (error: unknown): boolean => error instanceof AccountError || error instanceof StoreError;

/** Security activity in plain words; a `Record` so a new event type needs its words here. */
export const EVENT_LABELS: Record<SecurityEventType, string> = {
  'account.created': 'Account created',
  'login.succeeded': 'Signed in',
  'login.failed': 'Failed sign-in attempt',
  'login.locked': 'Account locked after wrong codes',
  'login.throttled': 'Sign-in paused after failed password attempts',
  'account.unlocked': 'Account unlocked',
  'password.changed': 'Password changed',
  'password.change_failed': 'Wrong current password when changing the password',
  'mfa.enabled': 'Multi-factor authentication enabled',
  'mfa.disabled': 'Multi-factor authentication disabled',
  'mfa.reset': 'Multi-factor authentication reset by an operator',
  'mfa.code_failed': 'Wrong authentication code',
  'mfa.recovery_code_used': 'Recovery code used',
  'mfa.recovery_codes_regenerated': 'Recovery codes regenerated',
  'token.created': 'Access token created',
  'token.deleted': 'Access token deleted',
  'token.expiring': 'Access token expiring soon',
  'token.rotated': 'Access token rotated',
  'token.revoked': 'Access token revoked',
  'invitation.received': 'Invitation received',
  'invitation.accepted': 'Invitation accepted',
  'invitation.declined': 'Invitation declined',
  'invitation.cancelled': 'Invitation cancelled',
  'project.joined': 'Joined a project',
  'project.removed': 'Removed from a project',
  'project.left': 'Left a project',
  'project.membership_expired': 'Project membership ended (time-boxed)',
  'project.membership_extended': 'Project membership extended',
  'project.mfa_required': 'A project you are in now requires multi-factor authentication',
  'join_request.created': 'Asked to join a project',
  'join_request.cancelled': 'Join request cancelled',
  'join_request.rejected': 'Join request rejected',
  'promo.redeemed': 'Promo code redeemed',
  'promo.throttled': 'Promo code guesses paused after failed attempts',
  'slack.link_code_created': 'Slack link code created',
  'slack.linked': 'Slack user linked',
  'slack.unlinked': 'Slack user unlinked',
  'session.ended': 'Signed out',
  'slack.link_throttled': 'Slack link code guesses paused after failed attempts',
  'slack.link_replaced': 'Slack link moved to another Slack user',
  'slack.outbox_retried': 'Undelivered Slack message sent again by an operator',
  'slack.outbox_discarded': 'Slack message discarded by an operator',
};

/** Words for a stored event type; types added later by another process fall back to the raw name. */
export const eventLabel = (type: string): string => (EVENT_LABELS as Record<string, string>)[type] ?? type;
