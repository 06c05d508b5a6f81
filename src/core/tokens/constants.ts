import type { Token } from '../store/schema.ts';

/** What every Management API token starts with, so secret scanners (and people) recognise it. */
export const TOKEN_PREFIX = 'kbcm_';
/** Base62 characters of randomness after the prefix: 30 × log2(62) ≈ 178.6 bits. */
export const TOKEN_RANDOM_LENGTH = 30;
/** Base62 characters of the CRC32 checksum of the random part (2^32 < 62^6), zero-padded. */
export const TOKEN_CHECKSUM_LENGTH = 6;
/** Total length of a token: prefix, random part, checksum. */
export const TOKEN_LENGTH = TOKEN_PREFIX.length + TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH;
/** Characters of the end of a token kept in plain text, so a person can tell tokens apart. */
export const TOKEN_HINT_LENGTH = 4;

export const TOKEN_DESCRIPTION_MAX_LENGTH = 100;
/** Tokens always expire: their lifetime in days is 1 … this. */
export const TOKEN_MAX_LIFETIME_DAYS = 365;
export const TOKEN_MIN_LIFETIME_DAYS = 1;
/** The lifetimes offered when creating a token (a custom date is the other choice), in days. */
export const TOKEN_EXPIRY_CHOICES_DAYS = [7, 30, 60, 90] as const;
/** The lifetime a token form starts with, in days: one of TOKEN_EXPIRY_CHOICES_DAYS. */
export const TOKEN_EXPIRY_DEFAULT_DAYS = 30 satisfies (typeof TOKEN_EXPIRY_CHOICES_DAYS)[number];
/** A token expiring within this many days is shown as "expiring soon". */
export const TOKEN_EXPIRING_SOON_DAYS = 7;

/**
 * `lastUsedAt` is rewritten at most this often per token (in minutes), so verifying a token on
 * every API call does not rewrite the shared store file on every call.
 */
export const TOKEN_LAST_USED_RESOLUTION_MINUTES = 1;

export type TokenReminder = Token['remindersSent'][number];

/** Days before expiry at which each reminder falls due, most urgent last. */
export const TOKEN_REMINDER_DAYS: Readonly<Record<TokenReminder, number>> = { '7d': 7, '1d': 1 };

/** How long a rotated token keeps working, in seconds, unless the caller asks for less. */
export const TOKEN_ROTATION_GRACE_DEFAULT_SECONDS = 3600;
/** The longest grace window a rotation may ask for, in seconds; 0 revokes the old token at once. */
export const TOKEN_ROTATION_GRACE_MAX_SECONDS = 3600;
/**
 * Rotated tokens whose grace is over are kept (hidden from the owner's list) so that presenting
 * one again is recognised as reuse; at most this many per family, and none past its own expiry.
 */
export const TOKEN_ROTATION_HISTORY = 10;
/** At most this many strings in one public revocation request (as GitHub's credentials API). */
export const TOKEN_REVOKE_MAX_CREDENTIALS = 1000;
