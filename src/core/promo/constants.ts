/** A promo code: 3–32 letters, digits, `_` or `-`; matched case-insensitively (stored upper-cased). */
export const PROMO_CODE_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;
export const PROMO_DESCRIPTION_MAX_LENGTH = 200;
/** The name prefix is put verbatim before the redeemer's project name. */
export const PROMO_NAME_PREFIX_MAX_LENGTH = 50;
/** Upper bound for the lifetime of a project created from a code, in days (10 years). */
export const PROMO_PROJECT_MAX_LIFETIME_DAYS = 3650;
