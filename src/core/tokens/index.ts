export type { TokensService } from './service.ts';
export type {
  TokenView,
  TokenExpiry,
  CreateTokenInput,
  CreateTokenOptions,
  CreatedToken,
  VerifiedToken,
  RotateOptions,
  RotateOwnedOptions,
  RotatedToken,
  RotationSource,
  LeakSource,
  RevokeLeakedOptions,
} from './types.ts';
export type { TokenState, TokenRevokedReason } from './lifecycle.ts';
export { findTokensInText, isWellFormedToken } from './format.ts';
export {
  TOKEN_PREFIX,
  TOKEN_LENGTH,
  TOKEN_DESCRIPTION_MAX_LENGTH,
  TOKEN_MIN_LIFETIME_DAYS,
  TOKEN_MAX_LIFETIME_DAYS,
  TOKEN_LAST_USED_RESOLUTION_MINUTES,
  TOKEN_REMINDER_DAYS,
  TOKEN_EXPIRY_CHOICES_DAYS,
  TOKEN_EXPIRY_DEFAULT_DAYS,
  TOKEN_EXPIRING_SOON_DAYS,
  TOKEN_ROTATION_GRACE_DEFAULT_SECONDS,
  TOKEN_ROTATION_GRACE_MAX_SECONDS,
  TOKEN_ROTATION_HISTORY,
  TOKEN_REVOKE_MAX_CREDENTIALS,
  type TokenReminder,
} from './constants.ts';
export { tokenExpiryBounds } from './validate.ts';
