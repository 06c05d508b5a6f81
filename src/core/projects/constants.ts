export const PROJECT_NAME_MAX_LENGTH = 100;
/** Metric names: a letter, then letters, digits, `_`, `.` or `-` (e.g. `storage_gb`). */
export const METRIC_PATTERN = /^[A-Za-z][\w.-]{0,63}$/;
/** Members added by an operator without a role get this one. */
export const DEFAULT_MEMBER_ROLE = 'guest';
/** Limit notifications are cut to the same title length operators are held to. */
export const LIMIT_NOTIFICATION_TITLE_MAX_LENGTH = 120;
/** Projects per page of the operator's list unless told otherwise. */
export const PROJECT_PAGE_DEFAULT = 100;
/** Longest membership lifetime an invitation, a join request or an operator may set, in days. */
export const MEMBERSHIP_MAX_DAYS = 365;
/** A time-boxed member is reminded this many days before the membership ends, each once. */
export const MEMBERSHIP_REMINDER_DAYS = { '7d': 7, '1d': 1 } as const;
/** Projects read per page, and changed per transaction at most, by the membership sweep. */
export const MEMBERSHIP_SWEEP_BATCH = 100;
/** Days a member without MFA keeps access after a project starts to require it, unless the operator names a deadline. */
export const MFA_DEADLINE_DEFAULT_DAYS = 14;
/** Keboola's words for an accept without MFA on a project that requires it (`manage.mfaRequired`). */
export const MFA_REQUIRED_MESSAGE = 'This project requires users to have multi-factor authentication enabled';
