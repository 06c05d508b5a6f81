/**
 * The core's public entry. Front ends (src/cli, src/tui, src/slack) import from here only; the
 * store, lowdb and the feature folders stay private to the core.
 */
export { createCore, openCore, STORE_FILE, type Core, type CoreDeps, type OpenCoreOptions } from './core.ts';
export { AccountError, ERROR_CODES, isAccountError, type ErrorCode, type ErrorDetails } from './errors.ts';
export { StoreError, type StoreErrorCode } from './store/store-error.ts';
export { describeUrl as describeDatabaseUrl } from './store/postgres/postgres-store.ts';
export { copyFileStoreToDatabase, migrateDatabase, type CopyCounts } from './store/postgres/admin.ts';
export { ConfigError } from './config-error.ts';
export { NUMBERED_COLLECTIONS, type NumberedCollection } from './store/sequences.ts';
export { MemoryStore } from './store/memory-store.ts';
export { FakeClock, systemClock, type Clock } from './shared/clock.ts';
export { endOfUtcDay } from './shared/time.ts';
export { describeFileKind, NotRegularFileError, openRegularFile } from './shared/regular-file.ts';
export { createFileOnce } from './shared/create-once.ts';
export { argon2Hasher, fastTestHasher, type PasswordHasher } from './crypto/password-hasher.ts';
export { createSecretBox, type SecretBox } from './crypto/secret-box.ts';
export { SECURITY_EVENT_TYPES, type SecurityEventType } from './security/events.ts';
export {
  passwordProblem,
  preparePasswordPolicy,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_SCORE,
  type PasswordOwner,
  type PasswordProblem,
  type PasswordProblemCode,
  type WeakReason,
} from './accounts/password-policy.ts';
export {
  MAX_FAILED_LOGINS,
  FAILED_LOGIN_WINDOW_MINUTES,
  LOCKOUT_MINUTES,
  LOGIN_FIRST_DELAY_MINUTES,
  LOGIN_MAX_DELAY_MINUTES,
  LOGIN_THROTTLE_RESET_HOURS,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODES_LOW,
} from './accounts/constants.ts';
export { isTotpCodeShape, totpCodeAt, TOTP_DIGITS } from './mfa/totp.ts';
export type { AccountSummary, LoginResult, MfaLoginResult, Session, SecurityActivity } from './accounts/types.ts';
export type { AccountScope } from './account-scope.ts';
export type { SessionView, SignedIn, Reauthentication } from './sessions/service.ts';
export { SESSION_IDLE_MINUTES, SESSION_LIFETIME_HOURS, SUDO_MINUTES, MAX_FAILED_REAUTHS } from './sessions/constants.ts';
export type { MfaEnrollment, MfaStatus } from './mfa/service.ts';
export { ROLES, NOTIFICATION_KINDS, type Role, type ProjectRole, type NotificationKind, type SessionFront, type SessionEndReason } from './store/schema.ts';
export * from './projects/index.ts';
export * from './invitations/index.ts';
export * from './join-requests/index.ts';
export * from './tokens/index.ts';
export * from './notifications/index.ts';
export * from './promo/index.ts';
export * from './slack-link/index.ts';
export * from './outbox/index.ts';
export * from './preferences/index.ts';
export * from './slack-events/index.ts';
export * from './periodic/index.ts';
