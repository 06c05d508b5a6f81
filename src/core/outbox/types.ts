import type { OutboxEntry } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';

/** A Slack message a sender posted: where it is, so a later entry can `chat.update` it. */
export interface SlackMessageRef {
  /** The conversation id Slack returned (a DM channel, `D…`). */
  readonly channel: string;
  /** The message timestamp Slack returned; with the channel it names the message. */
  readonly ts: string;
}

/** One entry handed to a worker by `claim`, with everything the sender needs. */
export interface ClaimedOutboxEntry {
  /** The entry as claimed (claimedBy / claimedUntil set). */
  readonly entry: DeepReadonly<OutboxEntry>;
  /** Whom to send to: the entry's recipient, else the account's Slack link at claim time. */
  readonly slack: { readonly teamId: string; readonly userId: string; readonly enterpriseId?: string };
  /** The message already showing this entry's ref: update it instead of posting; null: post. */
  readonly message: SlackMessageRef | null;
}

/** Outbox counts for monitoring. */
export interface OutboxStats {
  /** Not settled yet: waiting, in flight or backing off. */
  readonly pending: number;
  /** Pending and claimable now (a backlog that keeps growing means no sender is running). */
  readonly due: number;
  /** Held by a worker under a live lease. */
  readonly inFlight: number;
  /** Pending after at least one failed attempt. */
  readonly retrying: number;
  readonly delivered: number;
  readonly failed: number;
  /** ISO creation time of the oldest pending entry, or null. */
  readonly oldestPendingAt: string | null;
}

export type { PruneResult } from './model.ts';

/** An outbox entry as an operator sees it (`admin slack outbox`): no payload. */
export interface OutboxEntryView {
  readonly id: string;
  readonly kind: OutboxEntry['kind'];
  readonly accountId: string;
  /** The account's email; null when the account is gone. */
  readonly email: string | null;
  readonly ref: string;
  readonly status: OutboxEntry['status'];
  readonly attempts: number;
  readonly createdAt: string;
  /** When it is tried next; null once settled. */
  readonly nextAttemptAt: string | null;
  /** A worker is sending it right now (a live lease). */
  readonly inFlight: boolean;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
}
