/**
 * How long a handled Slack event is remembered, in minutes. Slack retries an event up to three
 * times, the last about 5 minutes after the first; an hour leaves room for a slow queue.
 */
export const SLACK_EVENT_MEMORY_MINUTES = 60;
/** Expired records removed by one `firstDelivery` at most, so the collection stays small without a job of its own. */
export const SLACK_EVENT_SWEEP_BATCH = 20;
/** Longest event id accepted (Slack's are about a dozen characters). */
export const SLACK_EVENT_ID_MAX_LENGTH = 100;
