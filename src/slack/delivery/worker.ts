import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isAccountError, NOTIFICATION_PAGE_SIZE_MAX, type AccountNotificationView, type ClaimedOutboxEntry, type SlackMessageRef, type SlackUser } from '../../core/index.ts';
import type { SlackClient, SlackDeps } from '../context.ts';
import { logFailure } from '../log.ts';
import { field, text } from '../payload.ts';
import { publishHome } from '../surfaces/home.ts';
import type { MessageContent } from '../views/blocks.ts';
import { readOutboxMessage } from './payloads.ts';
import { renderOutboxMessage } from './render.ts';
import { classifySlackError, isMessageGone } from './slack-errors.ts';

/** How often the outbox is polled, in ms: a change reaches Slack within about this plus one send. */
export const DELIVERY_POLL_INTERVAL_MS = 500;
/** How often token expiry reminders are checked, in ms. */
export const REMINDER_INTERVAL_MS = 60_000;
/** Timeout of one Slack Web API call, in ms (the Web API client's `timeout`). */
export const SLACK_CALL_TIMEOUT_MS = 10_000;
/** Slack calls one entry may need at most: chat.update, then chat.postMessage when the message is gone. */
const CALLS_PER_ENTRY_MAX = 2;
/** How long a claim lasts, in seconds. */
export const DELIVERY_LEASE_SECONDS = 120;
/**
 * Entries claimed at once. A whole batch, every call timing out, takes
 * 3 × 2 × 10 s = 60 s: well inside the 120 s lease, so a slow Slack never makes another worker
 * re-send an entry this one is still sending.
 */
export const DELIVERY_BATCH_SIZE = Math.max(1, Math.floor((DELIVERY_LEASE_SECONDS * 1000) / 2 / (CALLS_PER_ENTRY_MAX * SLACK_CALL_TIMEOUT_MS)));
/** Batches one drain takes at most before yielding to the next poll. */
const BATCHES_PER_DRAIN_MAX = 100;

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
}

export interface DeliveryWorker {
  /** Unique per running sender, as the outbox requires. */
  readonly workerId: string;
  /** Starts polling: pending entries (e.g. queued while the app was down) go out at once. */
  start(): void;
  /** Stops polling and waits for the delivery in progress. */
  stop(): Promise<void>;
  /** Delivers every entry due now; runs one at a time with the polling loop. */
  deliverDue(): Promise<DeliveryReport>;
  /** Queues the token expiry reminders due now (they are delivered by the next poll). */
  sendReminders(): Promise<number>;
}

export interface DeliveryWorkerOptions {
  readonly deps: SlackDeps;
  /** A Web API client with the bot token, no retries, `rejectRateLimitedCalls` and a timeout. */
  readonly client: SlackClient;
  readonly workerId?: string;
  /** @default DELIVERY_POLL_INTERVAL_MS */
  readonly pollIntervalMs?: number;
  /** @default REMINDER_INTERVAL_MS */
  readonly reminderIntervalMs?: number;
}

/**
 * The outbox sender: claims due entries, renders each as a DM (or an update of the DM recorded
 * for its ref), records where the message is, and reports Slack failures so the core retries
 * with backoff (a 429's Retry-After included) or gives up on permanent ones. After a batch it
 * refreshes the Home tab of each user it wrote to.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { deps, client } = options;
  const { core, logger } = deps;
  const workerId = options.workerId ?? `slack-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollIntervalMs = options.pollIntervalMs ?? DELIVERY_POLL_INTERVAL_MS;
  const reminderIntervalMs = options.reminderIntervalMs ?? REMINDER_INTERVAL_MS;

  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let cycle: Promise<void> | null = null;
  let lastRemindersAt = Number.NEGATIVE_INFINITY;
  let queue: Promise<unknown> = Promise.resolve();

  async function fullNotification(accountId: string, notificationId: string): Promise<AccountNotificationView | null> {
    try {
      const page = await core.notifications.listForAccount(accountId, { limit: NOTIFICATION_PAGE_SIZE_MAX });
      return page.items.find((item) => item.id === notificationId) ?? null;
    } catch {
      return null;
    }
  }

  async function send(claimed: ClaimedOutboxEntry, content: MessageContent): Promise<SlackMessageRef> {
    if (claimed.message) {
      try {
        await client.chat.update({ channel: claimed.message.channel, ts: claimed.message.ts, text: content.text, blocks: content.blocks });
        return claimed.message;
      } catch (error) {
        if (!isMessageGone(error)) throw error;
      }
    }
    // Posting to the user id lands in the app's DM with them; only chat:write is needed.
    const posted = await client.chat.postMessage({ channel: claimed.slack.userId, text: content.text, blocks: content.blocks });
    const channel = text(field(posted, 'channel'), 100);
    const ts = text(field(posted, 'ts'), 100);
    if (!channel || !ts) throw new Error('chat.postMessage answered without channel or ts');
    return { channel, ts };
  }

  async function deliverOne(claimed: ClaimedOutboxEntry): Promise<boolean> {
    const { entry } = claimed;
    const message = readOutboxMessage(entry.kind, entry.payload);
    let ref: SlackMessageRef;
    try {
      if (!message) throw new Error(`unreadable ${entry.kind} payload`);
      const notification = message.kind === 'notification.published' ? await fullNotification(entry.accountId, message.info.notificationId) : null;
      ref = await send(claimed, renderOutboxMessage(message, core.clock.now(), notification));
    } catch (error) {
      const failure = message ? classifySlackError(error) : { error: `unreadable ${entry.kind} payload`, permanent: true };
      logger.warn(`kbc-account slack: delivering ${entry.kind} ${entry.id} failed (${failure.error})${failure.permanent ? ', giving up' : ''}`);
      await core.outbox.markFailed(entry.id, workerId, failure).catch((settle: unknown) => logFailure(logger, `recording the failure of ${entry.id}`, settle));
      return false;
    }
    try {
      await core.outbox.markDelivered(entry.id, workerId, ref);
    } catch (error) {
      // Sent, but another worker took the entry over meanwhile (or the account unlinked): it records the outcome.
      if (!isAccountError(error, 'OUTBOX_CLAIM_LOST')) logFailure(logger, `recording the delivery of ${entry.id}`, error);
    }
    return true;
  }

  async function drain(): Promise<DeliveryReport> {
    let delivered = 0;
    let failed = 0;
    const reached = new Map<string, SlackUser>();
    for (let batch = 0; batch < BATCHES_PER_DRAIN_MAX; batch++) {
      const claimed = await core.outbox.claim({ workerId, limit: DELIVERY_BATCH_SIZE, leaseSeconds: DELIVERY_LEASE_SECONDS });
      for (const item of claimed) {
        if (await deliverOne(item)) {
          delivered++;
          reached.set(`${item.slack.teamId}/${item.slack.userId}`, item.slack);
        } else failed++;
      }
      if (claimed.length < DELIVERY_BATCH_SIZE) break;
    }
    for (const user of reached.values()) await publishHome(deps, client, user);
    return { delivered, failed };
  }

  function deliverDue(): Promise<DeliveryReport> {
    const run = queue.then(drain);
    queue = run.catch(() => undefined);
    return run;
  }

  async function sendReminders(): Promise<number> {
    return core.tokens.sendExpiryReminders();
  }

  async function runCycle(): Promise<void> {
    if (performance.now() - lastRemindersAt >= reminderIntervalMs) {
      lastRemindersAt = performance.now();
      await sendReminders().catch((error: unknown) => logFailure(logger, 'sending token expiry reminders', error));
    }
    await deliverDue().catch((error: unknown) => logFailure(logger, 'delivering the outbox', error));
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      timer = null;
      cycle = runCycle().finally(() => {
        cycle = null;
        if (!stopped) schedule(pollIntervalMs);
      });
    }, delayMs);
  }

  return {
    workerId,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await cycle;
      await queue;
    },
    deliverDue,
    sendReminders,
  };
}
