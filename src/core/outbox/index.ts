export type { OutboxService, FailureOutcome } from './service.ts';
export type { ClaimedOutboxEntry, OutboxEntryView, OutboxStats, PruneResult, SlackMessageRef } from './types.ts';
export {
  OUTBOX_BACKOFF_BASE_SECONDS,
  OUTBOX_BACKOFF_MAX_SECONDS,
  OUTBOX_CLAIM_LIMIT,
  OUTBOX_CLAIM_MAX_LIMIT,
  OUTBOX_ERROR_MAX_LENGTH,
  OUTBOX_LEASE_MAX_SECONDS,
  OUTBOX_LEASE_SECONDS,
  OUTBOX_LIST_MAX,
  OUTBOX_MAX_ATTEMPTS,
  OUTBOX_RETENTION_DAYS,
  OUTBOX_RETRY_AFTER_MAX_SECONDS,
  SLACK_MESSAGE_RETENTION_DAYS,
} from './constants.ts';
