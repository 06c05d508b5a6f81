import type { Logger } from '@slack/bolt';
import type { ClaimedOutboxEntry, SlackMessageRef } from '../../core/index.ts';
import type { SlackClient } from '../context.ts';
import { describeError } from '../log.ts';
import { slackErrorCode } from './slack-errors.ts';
import { field, text } from '../payload.ts';

/** The `event_type` of the metadata every outbox DM carries. */
export const OUTBOX_METADATA_TYPE = 'kbc_outbox_entry';

/**
 * How far before an entry's creation its message is looked for, in seconds: the entry's time comes
 * from the clock of the process that queued it, Slack's `ts` from Slack's, and they may differ.
 */
export const FIND_POSTED_CLOCK_SKEW_SECONDS = 300;

/** Messages of the DM read at most (one page): a DM with the app holds a handful a day. */
export const FIND_POSTED_HISTORY_LIMIT = 200;

/** Message metadata naming the outbox entry (and its ref) a DM was posted for. Slack keeps it with the message. */
export function outboxMetadata(entry: ClaimedOutboxEntry['entry']): { event_type: string; event_payload: { entry: string; ref: string } } {
  return { event_type: OUTBOX_METADATA_TYPE, event_payload: { entry: entry.id, ref: entry.ref } };
}

/**
 * The message an earlier attempt at this entry posted, if it is in the app's DM with the user:
 * that attempt's worker died (or stalled past its lease) after Slack took the post and before
 * the outbox recorded it. Read with conversations.open (im:write) and conversations.history with
 * `include_all_metadata` (im:history), from a little before the entry was queued. Null when there
 * is none, or when Slack refuses to say (an error code such as `missing_scope`): the entry is then
 * posted, as before (at least once beats losing an invitation). A 429, a 5xx or a network error
 * is thrown: the sender retries the entry later, as for a failed post, rather than risk a copy.
 */
export async function findPosted(client: SlackClient, claimed: ClaimedOutboxEntry, logger: Logger): Promise<SlackMessageRef | null> {
  const { entry } = claimed;
  try {
    const opened = await client.conversations.open({ users: claimed.slack.userId });
    const channel = text(field(opened, 'channel', 'id'), 100);
    if (!channel) return null;
    const oldest = Math.floor(new Date(entry.createdAt).getTime() / 1000) - FIND_POSTED_CLOCK_SKEW_SECONDS;
    const history = await client.conversations.history({ channel, oldest: String(oldest), limit: FIND_POSTED_HISTORY_LIMIT, include_all_metadata: true });
    const messages = field(history, 'messages');
    if (!Array.isArray(messages)) return null;
    for (const message of messages as unknown[]) {
      if (field(message, 'metadata', 'event_type') !== OUTBOX_METADATA_TYPE) continue;
      if (field(message, 'metadata', 'event_payload', 'entry') !== entry.id) continue;
      const ts = text(field(message, 'ts'), 100);
      if (ts) return { channel, ts };
    }
    return null;
  } catch (error) {
    if (slackErrorCode(error) === null) throw error;
    logger.warn(`kbc-account slack: could not look for an earlier copy of ${entry.kind} ${entry.id} (${describeError(error)}); posting it`);
    return null;
  }
}
