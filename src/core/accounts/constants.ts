/** Failed attempts (passwords and MFA codes) inside the window that lock an account. */
export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_MINUTES = 15;
export const LOCKOUT_MINUTES = 15;
/** How long the MFA step may follow a correct password. */
export const MFA_CHALLENGE_MINUTES = 5;
export const RECOVERY_CODE_COUNT = 10;
/** At or below this many unused recovery codes, front ends suggest regenerating them. */
export const RECOVERY_CODES_LOW = 3;
export const ACCOUNT_NAME_MAX_LENGTH = 100;
