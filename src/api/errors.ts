import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ErrorCode } from '../core/index.ts';

/**
 * Codes the API adds to the core's (errors.ts): what only an HTTP front end can get wrong. Like
 * the core's, they are stable: scripts may branch on them.
 */
export const API_ERROR_CODES = [
  'TOKEN_MISSING',
  'REQUEST_BODY_INVALID',
  'UNSUPPORTED_MEDIA_TYPE',
  'BODY_TOO_LARGE',
  'ROUTE_NOT_FOUND',
  'RATE_LIMITED',
  'TOKEN_CREATION_NOT_ALLOWED',
  'STORE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * The HTTP status of each core error code, checked complete by the compiler. 401 for a token
 * that does not authenticate, 404 for what the caller cannot see, 400 for what it asked wrongly
 * or too late, 409 for a conflict with existing data, 429 for a throttle.
 */
export const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_EMAIL: 400,
  EMAIL_TAKEN: 409,
  ACCOUNT_NOT_FOUND: 401,
  PASSWORD_TOO_SHORT: 400,
  PASSWORD_TOO_LONG: 400,
  PASSWORD_TOO_COMMON: 400,
  PASSWORD_IS_EMAIL: 400,
  PASSWORD_TOO_WEAK: 400,
  PASSWORD_UNCHANGED: 400,
  INVALID_CREDENTIALS: 401,
  CURRENT_PASSWORD_WRONG: 400,
  ACCOUNT_LOCKED: 403,
  SESSION_ENDED: 401,
  SESSION_NOT_FOUND: 404,
  SUDO_REQUIRED: 403,
  REAUTH_INVALID: 400,
  TOO_MANY_ATTEMPTS: 429,
  MFA_REQUIRED: 403,
  MFA_ALREADY_ENABLED: 400,
  MFA_NOT_ENABLED: 400,
  MFA_NOT_ENROLLING: 400,
  MFA_CODE_MALFORMED: 400,
  MFA_CODE_INVALID: 400,
  MFA_CODE_REUSED: 400,
  MFA_CHALLENGE_INVALID: 400,
  PROJECT_NOT_FOUND: 404,
  INVALID_ROLE: 400,
  INVALID_LIMIT: 400,
  INVALID_USAGE: 400,
  NOT_A_MEMBER: 404,
  PROJECT_MFA_REQUIRED: 400,
  MFA_REQUIRED_BY_PROJECT: 400,
  LAST_ADMIN: 400,
  MEMBERSHIP_NOT_TIME_BOXED: 400,
  JOIN_REQUEST_NOT_FOUND: 404,
  JOIN_REQUEST_DUPLICATE: 409,
  JOIN_REQUEST_EXPIRED: 400,
  JOIN_REQUEST_ALREADY_ANSWERED: 400,
  ALREADY_INVITED: 400,
  INVITATION_NOT_FOUND: 404,
  INVITATION_EXPIRED: 400,
  INVITATION_ALREADY_ANSWERED: 400,
  INVITATION_CANCELLED: 400,
  INVITATION_NOT_YOURS: 404,
  ALREADY_MEMBER: 400,
  INVITATION_DUPLICATE: 409,
  NOT_PROJECT_ADMIN: 403,
  TOKEN_DESCRIPTION_INVALID: 400,
  TOKEN_EXPIRY_INVALID: 400,
  TOKEN_NOT_FOUND: 404,
  TOKEN_MALFORMED: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_ALREADY_ROTATED: 409,
  TOKEN_GRACE_INVALID: 400,
  TOO_MANY_CREDENTIALS: 400,
  NOTIFICATION_NOT_FOUND: 404,
  NOTIFICATION_KIND_INVALID: 400,
  NOTIFICATION_LINK_INVALID: 400,
  NOTIFICATION_EXPIRY_INVALID: 400,
  PROMO_CODE_INVALID: 400,
  PROMO_CODE_TAKEN: 409,
  PROMO_CODE_UNKNOWN: 400,
  PROMO_CODE_EXPIRED: 400,
  PROMO_CODE_USED_UP: 400,
  PROMO_CODE_ALREADY_REDEEMED: 400,
  PROJECT_NAME_INVALID: 400,
  SLACK_LINK_CODE_INVALID: 400,
  SLACK_LINK_CODE_EXPIRED: 400,
  SLACK_USER_ALREADY_LINKED: 409,
  SLACK_NOT_LINKED: 400,
  OUTBOX_ENTRY_NOT_FOUND: 404,
  OUTBOX_CLAIM_LOST: 409,
  OUTBOX_ENTRY_WRONG_STATE: 409,
};

/** Keboola's error body: `error` in words, our stable `code`, an id to find the request in the log. */
export const errorSchema = z
  .object({
    error: z.string(),
    code: z.string(),
    exceptionId: z.string(),
    status: z.literal('error'),
    /** Which fields were wrong, for a request that failed validation. */
    errors: z.array(z.object({ key: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorSchema>;

/** An error the API answers with its own status and code (the core's errors are mapped by STATUS_OF). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode | ErrorCode,
    message: string,
    readonly errors?: readonly { key: string; message: string }[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** A fresh id naming one error answer, so a log line and a script's report can be matched. */
export const newExceptionId = (): string => `exception-${randomBytes(8).toString('hex')}`;

export function errorBody(code: string, message: string, exceptionId: string, errors?: readonly { key: string; message: string }[]): ErrorBody {
  return { error: message, code, exceptionId, status: 'error', ...(errors ? { errors: [...errors] } : {}) };
}
