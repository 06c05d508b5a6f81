/**
 * The one error type the core throws for expected domain failures. Front ends map `code` to
 * their own words (each keeps a `Record<ErrorCode, string>`, so the compiler checks it is
 * complete); `details` carries what a message may need (a date, a limit) and never a secret.
 */
export const ERROR_CODES = [
  // input
  'INVALID_INPUT',
  'INVALID_EMAIL',
  // accounts & passwords
  'EMAIL_TAKEN',
  'ACCOUNT_NOT_FOUND',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_IS_EMAIL',
  'PASSWORD_TOO_WEAK',
  'PASSWORD_UNCHANGED',
  'INVALID_CREDENTIALS',
  'CURRENT_PASSWORD_WRONG',
  'ACCOUNT_LOCKED',
  // sessions
  'SESSION_ENDED',
  'SESSION_NOT_FOUND',
  'SUDO_REQUIRED',
  'REAUTH_INVALID',
  // any guessable secret (a password by email, a promo code, a Slack link code): wait before trying again
  'TOO_MANY_ATTEMPTS',
  // MFA
  'MFA_REQUIRED',
  'MFA_ALREADY_ENABLED',
  'MFA_NOT_ENABLED',
  'MFA_NOT_ENROLLING',
  'MFA_CODE_MALFORMED',
  'MFA_CODE_INVALID',
  'MFA_CODE_REUSED',
  'MFA_CHALLENGE_INVALID',
  // projects
  'PROJECT_NOT_FOUND',
  'INVALID_ROLE',
  'INVALID_LIMIT',
  'INVALID_USAGE',
  'NOT_A_MEMBER',
  // a project that requires MFA, as Keboola's `manage.mfaRequired`
  'PROJECT_MFA_REQUIRED',
  // MFA cannot be turned off while a member of a project that requires it
  'MFA_REQUIRED_BY_PROJECT',
  'LAST_ADMIN',
  'MEMBERSHIP_NOT_TIME_BOXED',
  // join requests
  'JOIN_REQUEST_NOT_FOUND',
  'JOIN_REQUEST_DUPLICATE',
  'JOIN_REQUEST_EXPIRED',
  'JOIN_REQUEST_ALREADY_ANSWERED',
  'ALREADY_INVITED',
  // invitations
  'INVITATION_NOT_FOUND',
  'INVITATION_EXPIRED',
  'INVITATION_ALREADY_ANSWERED',
  'INVITATION_CANCELLED',
  'INVITATION_NOT_YOURS',
  'ALREADY_MEMBER',
  'INVITATION_DUPLICATE',
  'NOT_PROJECT_ADMIN',
  // tokens
  'TOKEN_DESCRIPTION_INVALID',
  'TOKEN_EXPIRY_INVALID',
  'TOKEN_NOT_FOUND',
  'TOKEN_MALFORMED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'TOKEN_ALREADY_ROTATED',
  'TOKEN_GRACE_INVALID',
  'TOO_MANY_CREDENTIALS',
  // notifications
  'NOTIFICATION_NOT_FOUND',
  'NOTIFICATION_KIND_INVALID',
  'NOTIFICATION_LINK_INVALID',
  'NOTIFICATION_EXPIRY_INVALID',
  // promo codes
  'PROMO_CODE_INVALID',
  'PROMO_CODE_TAKEN',
  'PROMO_CODE_UNKNOWN',
  'PROMO_CODE_EXPIRED',
  'PROMO_CODE_USED_UP',
  'PROMO_CODE_ALREADY_REDEEMED',
  'PROJECT_NAME_INVALID',
  // Slack link
  'SLACK_LINK_CODE_INVALID',
  'SLACK_LINK_CODE_EXPIRED',
  'SLACK_USER_ALREADY_LINKED',
  'SLACK_NOT_LINKED',
  // outbox
  'OUTBOX_ENTRY_NOT_FOUND',
  'OUTBOX_CLAIM_LOST',
  'OUTBOX_ENTRY_WRONG_STATE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Values a message may interpolate; never a secret. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export class AccountError extends Error {
  override readonly name = 'AccountError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

export function isAccountError(error: unknown, code?: ErrorCode): error is AccountError {
  return error instanceof AccountError && (code === undefined || error.code === code);
}
