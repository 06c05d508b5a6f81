/** Title length in characters (code points), after trimming. */
export const NOTIFICATION_TITLE_MAX_LENGTH = 120;
/** Message length in characters (code points), after trimming. */
export const NOTIFICATION_MESSAGE_MAX_LENGTH = 2000;
/** Longest accepted link, in characters; longer URLs break in Slack and terminals. */
export const NOTIFICATION_LINK_MAX_LENGTH = 2048;
/** Notifications per page when the caller does not say. */
export const NOTIFICATION_PAGE_SIZE_DEFAULT = 50;
/** Most notifications one page may hold. */
export const NOTIFICATION_PAGE_SIZE_MAX = 200;
/**
 * Most notifications one unread count (or "mark all read") reads: the bound on the bell's work
 * for an account that never marks all read (see feed.ts's scanUnread).
 */
export const NOTIFICATION_UNREAD_SCAN_MAX = 5_000;
/** Longest text a notification search may look for, in characters (code points), after trimming. */
export const NOTIFICATION_SEARCH_MAX_LENGTH = 100;
/**
 * Notifications one read of a search looks at, at most (a feed page makes up to four reads): a
 * search that finds little returns a short page with its `next` instead of reading on.
 */
export const NOTIFICATION_SEARCH_SCAN_MAX = 1_000;
