export const PROJECT_NAME_MAX_LENGTH = 100;
/** Metric names: a letter, then letters, digits, `_`, `.` or `-` (e.g. `storage_gb`). */
export const METRIC_PATTERN = /^[A-Za-z][\w.-]{0,63}$/;
