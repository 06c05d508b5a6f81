export type { TokensService } from './service.ts';
export type { TokenView, TokenExpiry, CreateTokenInput, CreateTokenOptions, CreatedToken, VerifiedToken } from './types.ts';
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
  type TokenReminder,
} from './constants.ts';
