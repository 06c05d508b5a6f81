import {
  isAccountError,
  LINK_CODE_LENGTH,
  LINK_CODE_TTL_MINUTES,
  TOKEN_DESCRIPTION_MAX_LENGTH,
  TOKEN_MAX_LIFETIME_DAYS,
  TOKEN_MIN_LIFETIME_DAYS,
  type ErrorCode,
  type ErrorDetails,
} from '../core/index.ts';
import { slackDate, utcText } from './views/format.ts';

/**
 * Where words are shown: `mrkdwn` (messages, sections: dates as Slack date tokens, in the
 * reader's time zone) or `plain` (a modal's field errors, which Slack shows as plain text, so a
 * date token would show as its raw `<!date^…>` code: dates in UTC words instead).
 */
export type TextFormat = 'mrkdwn' | 'plain';

type Words = string | ((details: ErrorDetails, format: TextFormat) => string);

const detail = (details: ErrorDetails, key: string): string | null => {
  const value = details[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
};

const when = (details: ErrorDetails, key: string, format: TextFormat): string => {
  const value = detail(details, key);
  if (!value) return '';
  return ` ${format === 'plain' ? utcText(value) : slackDate(value)}`;
};

/**
 * What the Slack app says for each core error code. A `Record` over every ErrorCode, so adding a
 * code to the core's catalogue fails the type check until it has words here.
 */
export const ERROR_TEXT: Readonly<Record<ErrorCode, Words>> = {
  INVALID_INPUT: 'Something in that request is not valid. Please check it and try again.',
  INVALID_EMAIL: 'That is not a valid email address.',
  EMAIL_TAKEN: 'An account with that email already exists.',
  ACCOUNT_NOT_FOUND: 'Your Keboola account no longer exists. Run `/kbc unlink` and link another account.',
  PASSWORD_TOO_SHORT: 'That password is too short.',
  PASSWORD_TOO_LONG: 'That password is too long.',
  PASSWORD_TOO_COMMON: 'That password is too common.',
  PASSWORD_IS_EMAIL: 'The password must not be your email.',
  PASSWORD_TOO_WEAK: 'That password is too easy to guess.',
  PASSWORD_UNCHANGED: 'The new password must differ from the current one.',
  INVALID_CREDENTIALS: 'Wrong email or password.',
  CURRENT_PASSWORD_WRONG: 'The current password is wrong.',
  // Slack acts through the link, not through dashboard sessions: these reach it only through a bug.
  SESSION_ENDED: 'Your dashboard session ended. Sign in again.',
  SESSION_NOT_FOUND: 'That session is not one of this account’s.',
  SUDO_REQUIRED: 'Confirm it is you in the dashboard first.',
  REAUTH_INVALID: 'That password or code is not right.',
  ACCOUNT_LOCKED: (d, f) =>
    `Your account is locked after too many wrong codes${detail(d, 'until') ? ` until${when(d, 'until', f)}` : ''}. Try again later.`,
  TOO_MANY_ATTEMPTS: (d, f) => {
    const what = detail(d, 'scope') === 'slack-link' ? 'link codes' : detail(d, 'scope') === 'promo' ? 'promo codes' : 'attempts';
    return `Too many wrong ${what}. Try again${detail(d, 'retryAfter') ? ` after${when(d, 'retryAfter', f)}` : ' later'}.`;
  },
  MFA_REQUIRED: 'This needs multi-factor authentication. Enable it in the dashboard first.',
  MFA_ALREADY_ENABLED: 'Multi-factor authentication is already enabled.',
  MFA_NOT_ENABLED: 'Multi-factor authentication is not enabled on your account. Enable it in the dashboard (Account Settings → Account & Security).',
  MFA_NOT_ENROLLING: 'Multi-factor authentication is not being set up.',
  MFA_CODE_MALFORMED: (d) =>
    d['recoveryAccepted'] === true
      ? 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.'
      : 'Enter the 6-digit code from your authenticator app.',
  MFA_CODE_INVALID: (d) =>
    d['factor'] === 'recovery' ? 'That recovery code is not valid.' : 'That code is not correct. Enter the current 6-digit code from your authenticator app.',
  MFA_CODE_REUSED: (d) =>
    d['factor'] === 'recovery'
      ? `That recovery code was already used. Recovery codes left: ${detail(d, 'recoveryCodesLeft') ?? 'unknown'}.`
      : 'That code was already used. Wait for the next code in your authenticator app.',
  MFA_CHALLENGE_INVALID: 'That sign-in attempt expired. Start again.',
  PROJECT_NOT_FOUND: 'That project no longer exists.',
  INVALID_ROLE: 'That role does not exist.',
  INVALID_LIMIT: 'That limit is not valid.',
  INVALID_USAGE: 'That usage value is not valid.',
  NOT_A_MEMBER: 'You are not a member of that project.',
  PROJECT_MFA_REQUIRED: (details) =>
    `${detail(details, 'projectName') ?? 'This project'} requires users to have multi-factor authentication enabled. Enable it in the dashboard (Account & Security), then accept again.`,
  MFA_REQUIRED_BY_PROJECT: (details) =>
    `Multi-factor authentication cannot be turned off while you are a member of ${detail(details, 'projects') ?? 'a project that requires it'}.`,
  LAST_ADMIN: 'You are the last admin of that project: make another member an admin first.',
  MEMBERSHIP_NOT_TIME_BOXED: 'That membership has no end date to extend.',
  JOIN_REQUEST_NOT_FOUND: 'That join request no longer exists.',
  JOIN_REQUEST_DUPLICATE: 'There is already a pending request to join that project.',
  JOIN_REQUEST_EXPIRED: (details, format) => `That join request expired${when(details, 'expiresAt', format)}.`,
  JOIN_REQUEST_ALREADY_ANSWERED: (details) =>
    `That join request was already ${detail(details, 'status') ?? 'answered'}${detail(details, 'answeredBy') ? ` by ${detail(details, 'answeredBy')}` : ''}.`,
  ALREADY_INVITED: 'You are already invited to that project: accept the invitation instead.',
  INVITATION_NOT_FOUND: 'That invitation does not exist any more.',
  INVITATION_EXPIRED: (d, f) => `This invitation expired${when(d, 'expiresAt', f)}. Ask the project admin for a new one.`,
  INVITATION_ALREADY_ANSWERED: (d, f) => {
    const status = detail(d, 'status');
    return status === 'accepted' || status === 'declined'
      ? `You already ${status} this invitation${when(d, 'answeredAt', f)}. Nothing changed.`
      : 'This invitation was already answered. Nothing changed.';
  },
  INVITATION_CANCELLED: (d, f) => `This invitation was cancelled${when(d, 'answeredAt', f)} by the project admin.`,
  INVITATION_NOT_YOURS: 'This invitation is addressed to someone else, so you cannot answer it. Nothing changed.',
  ALREADY_MEMBER: 'That person is already a member of this project.',
  INVITATION_DUPLICATE: 'There is already a pending invitation for that person.',
  NOT_PROJECT_ADMIN: 'Only a project admin can do that.',
  TOKEN_DESCRIPTION_INVALID: (d) => `Give the token a description of 1–${detail(d, 'max') ?? TOKEN_DESCRIPTION_MAX_LENGTH} characters.`,
  TOKEN_EXPIRY_INVALID: (d) =>
    `Choose an expiry from ${detail(d, 'minDays') ?? TOKEN_MIN_LIFETIME_DAYS} day to ${detail(d, 'maxDays') ?? TOKEN_MAX_LIFETIME_DAYS} days from today; tokens always expire.`,
  TOKEN_NOT_FOUND: 'That token no longer exists: it was deleted already.',
  TOKEN_MALFORMED: 'That is not a Management API token.',
  TOKEN_INVALID: 'That token is not valid.',
  TOKEN_EXPIRED: 'That token has expired.',
  TOKEN_REVOKED: 'That token was revoked and no longer works.',
  TOKEN_ALREADY_ROTATED: (d, f) => `That token was rotated already; its replacement is in use and the old one works until${when(d, 'graceUntil', f)}.`,
  TOKEN_GRACE_INVALID: 'Choose how long the old token keeps working: 1 hour, or not at all.',
  TOO_MANY_CREDENTIALS: 'Too many tokens at once.',
  NOTIFICATION_NOT_FOUND: 'That notification is no longer available to you.',
  NOTIFICATION_KIND_INVALID: 'That notification kind is not valid.',
  NOTIFICATION_LINK_INVALID: 'That notification link is not valid.',
  NOTIFICATION_EXPIRY_INVALID: 'That notification expiry is not valid.',
  PROMO_CODE_INVALID: 'That promo code is not valid.',
  PROMO_CODE_TAKEN: 'That promo code exists already.',
  PROMO_CODE_UNKNOWN: 'That promo code does not exist.',
  PROMO_CODE_EXPIRED: 'That promo code has expired.',
  PROMO_CODE_USED_UP: 'That promo code has been used up.',
  PROMO_CODE_ALREADY_REDEEMED: 'You already redeemed that promo code.',
  PROJECT_NAME_INVALID: 'That project name is not valid.',
  SLACK_LINK_CODE_INVALID: (d) =>
    detail(d, 'reason') === 'malformed'
      ? `That is not a link code. A link code has ${LINK_CODE_LENGTH} letters and digits, like \`ABCD-EFGH\`.`
      : 'That link code is not valid: it may have been used already or replaced by a newer one. Get a new code in the dashboard (Account Settings → Slack).',
  SLACK_LINK_CODE_EXPIRED: `That link code has expired (codes last ${LINK_CODE_TTL_MINUTES} minutes). Get a new one in the dashboard (Account Settings → Slack).`,
  SLACK_USER_ALREADY_LINKED: 'Your Slack user is already linked to another Keboola account. Run `/kbc unlink` first, then link again.',
  SLACK_NOT_LINKED: 'Your Slack user is not linked to a Keboola account.',
  OUTBOX_ENTRY_NOT_FOUND: 'That message is no longer pending.',
  OUTBOX_CLAIM_LOST: 'That message is being delivered by another process.',
  OUTBOX_ENTRY_WRONG_STATE: 'That message cannot be changed in its current state.',
};

/** Shown for any failure that is not an expected domain error; the details go to the log only. */
export const GENERIC_FAILURE = 'Sorry, something went wrong on our side and nothing was changed. Please try again in a moment.';

/**
 * After the core made a change, when Slack would not show it (an error, a 429): the change WAS
 * made, so never "nothing was changed". `done` says what was done; `where` is what is out of date.
 */
export function doneButStaleText(done: string, where: 'message' | 'view'): string {
  const stale =
    where === 'message'
      ? 'But Slack could not refresh this message, so it may still show the old buttons.'
      : 'But Slack could not refresh this view; reopen it to see the change.';
  return `Done — ${done} ${stale}`;
}

/** The words for a core error code with its details. @param format `plain` for a modal's field errors. */
export function errorCodeText(code: ErrorCode, details: ErrorDetails = {}, format: TextFormat = 'mrkdwn'): string {
  const words = ERROR_TEXT[code];
  return typeof words === 'function' ? words(details, format) : words;
}

/** The words for any error: a core error's code, else the generic failure. @param format `plain` for a modal's field errors. */
export function errorText(error: unknown, format: TextFormat = 'mrkdwn'): string {
  return isAccountError(error) ? errorCodeText(error.code, error.details, format) : GENERIC_FAILURE;
}

/** For a Slack user who has not linked an account: what to do, never an error trace. */
export function notLinkedText(command = '/kbc'): string {
  return (
    'Your Slack user is not linked to a Keboola account yet.\n' +
    '1. Open the dashboard (`kbc-account`), sign in and go to *Account Settings → Slack*.\n' +
    `2. Generate a link code (it lasts ${LINK_CODE_TTL_MINUTES} minutes).\n` +
    `3. Type \`${command} link ABCD-EFGH\` here with your code.`
  );
}
