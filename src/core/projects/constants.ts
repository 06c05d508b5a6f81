export const PROJECT_NAME_MAX_LENGTH = 100;
/** Metric names: a letter, then letters, digits, `_`, `.` or `-` (e.g. `storage_gb`). */
export const METRIC_PATTERN = /^[A-Za-z][\w.-]{0,63}$/;
/** Members added by an operator without a role get this one. */
export const DEFAULT_MEMBER_ROLE = 'guest';
/** Limit notifications are cut to the same title length operators are held to. */
export const LIMIT_NOTIFICATION_TITLE_MAX_LENGTH = 120;
/** Projects per page of the operator's list unless told otherwise. */
export const PROJECT_PAGE_DEFAULT = 100;
