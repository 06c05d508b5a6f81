/** Attempts (failed deliveries, including leases that ran out) before an entry is given up. */
export const OUTBOX_MAX_ATTEMPTS = 12;
/** First retry delay in seconds; doubles with every failed attempt. */
export const OUTBOX_BACKOFF_BASE_SECONDS = 5;
/** Longest retry delay in seconds (15 minutes), jitter included. */
export const OUTBOX_BACKOFF_MAX_SECONDS = 15 * 60;
/**
 * Longest Slack `Retry-After` honoured, in seconds; a larger value is treated as this (a guard
 * against a garbled header parking an entry for days).
 */
export const OUTBOX_RETRY_AFTER_MAX_SECONDS = 60 * 60;
/** How long a claim lasts by default, in seconds. Keep the sender's Slack timeout well under it. */
export const OUTBOX_LEASE_SECONDS = 60;
/** Longest lease a worker may ask for, in seconds. */
export const OUTBOX_LEASE_MAX_SECONDS = 15 * 60;
/** Entries a claim returns by default, and at most. */
export const OUTBOX_CLAIM_LIMIT = 10;
export const OUTBOX_CLAIM_MAX_LIMIT = 100;
/** Delivered and failed entries are pruned this many days after they were created. */
export const OUTBOX_RETENTION_DAYS = 30;
/** A recorded Slack message not updated for this many days is forgotten; a later change posts anew. */
export const SLACK_MESSAGE_RETENTION_DAYS = 90;
/** `lastError` is cut to this many characters. */
export const OUTBOX_ERROR_MAX_LENGTH = 200;
/**
 * Pending entries a claim looks at, at most, oldest first (and an idle sender's check for work):
 * a due entry behind more entries that are backing off or in flight waits until some of them are
 * due or settled — a Slack outage, not a normal state, and at most OUTBOX_RETRY_AFTER_MAX_SECONDS.
 */
export const OUTBOX_CLAIM_SCAN_MAX = 500;
/** Settled entries, and recorded Slack messages, removed by one prune transaction at most. */
export const OUTBOX_PRUNE_BATCH = 200;
/** Entries an operator listing reads per page, at most. */
export const OUTBOX_LIST_MAX = 500;
