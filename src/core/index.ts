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
export { MemoryStore } from './store/memory-store.ts';
export { FakeClock, systemClock, type Clock } from './shared/clock.ts';
export { endOfUtcDay } from './shared/time.ts';
export { NotRegularFileError, openRegularFile } from './shared/regular-file.ts';
export { argon2Hasher, fastTestHasher, type PasswordHasher } from './crypto/password-hasher.ts';
export { createSecretBox, type SecretBox } from './crypto/secret-box.ts';
export { SECURITY_EVENT_TYPES, type SecurityEventType } from './security/events.ts';
export { passwordProblem, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './accounts/password-policy.ts';
export { MAX_FAILED_LOGINS, FAILED_LOGIN_WINDOW_MINUTES, LOCKOUT_MINUTES, RECOVERY_CODE_COUNT } from './accounts/constants.ts';
export { isTotpCodeShape, totpCodeAt, TOTP_DIGITS } from './mfa/totp.ts';
export type { AccountSummary, LoginResult, Session, SecurityActivity } from './accounts/types.ts';
export type { MfaEnrollment, MfaStatus } from './mfa/service.ts';
export { ROLES, NOTIFICATION_KINDS, type Role, type NotificationKind } from './store/schema.ts';
export * from './projects/index.ts';
export * from './invitations/index.ts';
export * from './tokens/index.ts';
export * from './notifications/index.ts';
export * from './promo/index.ts';
export * from './slack-link/index.ts';
export * from './outbox/index.ts';
