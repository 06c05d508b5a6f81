import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isAccountError, type AccountNotificationView, type ClaimedOutboxEntry, type InvitationView, type SlackMessageRef, type SlackUser } from '../../core/index.ts';
import type { SlackClient, SlackDeps } from '../context.ts';
import { logFailure } from '../log.ts';
import { field, text } from '../payload.ts';
import { publishHome } from '../surfaces/home.ts';
import type { MessageContent } from '../views/blocks.ts';
import type { ReminderState } from '../views/tokens.ts';
import type { MembershipState, MfaDeadlineState } from '../views/reminders.ts';
import { readOutboxMessage, withProjectLinks, type OutboxMessage } from './payloads.ts';
import { renderOutboxMessage, type CurrentState } from './render.ts';
import { sendWithTextFallback } from '../text-fallback.ts';
import { findPosted, outboxMetadata } from './find-posted.ts';
import { classifySlackError, isMessageGone, type DeliveryFailure } from './slack-errors.ts';

/** How often the outbox is polled, in ms: a change reaches Slack within about this plus one send. */
export const DELIVERY_POLL_INTERVAL_MS = 500;
/** How often the DMs that stopped being true (an expired invitation or token) are queued again, in ms. */
export const REMINDER_INTERVAL_MS = 60_000;
/** Timeout of one Slack Web API call, in ms (the Web API client's `timeout`). */
export const SLACK_CALL_TIMEOUT_MS = 10_000;
/**
 * How long a claim lasts, in seconds. Entries are claimed one at a time and one needs at most two
 * calls (chat.update, then chat.postMessage when the message is gone): 2 × 10 s, well inside the
 * lease, so a slow Slack never makes another worker re-send an entry this one is still sending.
 * One at a time also means a 429 leaves no other entry claimed: nothing waits out a lease and is
 * charged an attempt for it.
 */
export const DELIVERY_LEASE_SECONDS = 120;
/**
 * When a DM just rendered stops being true by itself: a pending invitation's or join request's
 * buttons at its expiry, a token reminder's advice at the token's. Null when nothing in it runs out.
 */
function refreshTimeOf(message: OutboxMessage, current: CurrentState, now: Date): string | null {
  if (current.invitation && message.kind.startsWith('invitation.')) return current.invitation.status === 'pending' ? current.invitation.expiresAt : null;
  if (message.kind === 'token.expiring') return (current.reminder ?? 'live') === 'live' && message.info.tokenId ? message.info.expiresAt : null;
  // A membership reminder turns into "ended" at the end, an MFA deadline into "no access" at the
  // deadline: once each, so never a moment already past (it would be queued again and again).
  const ahead = (at: string): string | null => (new Date(at).getTime() > now.getTime() ? at : null);
  if (message.kind === 'membership.expiring') return (current.membership?.kind ?? 'live') === 'live' ? ahead(message.info.expiresAt) : null;
  if (message.kind === 'project.mfa-required') return (current.mfaDeadline ?? 'live') === 'live' ? ahead(message.info.deadline) : null;
  // A join request's Approve / Reject stop at its expiry: the DM then says it expired, and the
  // admin's Home tab, republished after the delivery, no longer offers it.
  if (message.kind === 'join-request.created' || message.kind === 'join-request.answered') return message.info.status === 'pending' ? ahead(message.info.expiresAt) : null;
  return null;
}

/**
 * Least time between two messages to one DM, in ms: Slack allows about one message a second per
 * channel and answers bursts with 429s.
 */
export const PER_CHANNEL_INTERVAL_MS = 1_000;
/** Entries one drain sends at most before yielding to the next poll. */
const ENTRIES_PER_DRAIN_MAX = 300;

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
  /** Queues again the DMs whose invitation or token expired since they were sent, to show it. */
  queueRefreshes(): Promise<number>;
  /**
   * Stops delivering for good in this process (Slack uninstalled the app or revoked its token):
   * pending entries stay in the outbox for a process with a working token. Waits for the
   * delivery in progress.
   */
  suspend(reason: string): Promise<void>;
  /** Why delivery was suspended, or null while it runs (or may run). */
  readonly suspendedBecause: string | null;
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
  /** @default PER_CHANNEL_INTERVAL_MS */
  readonly perChannelIntervalMs?: number;
  /** Waits `ms` (pacing); tests hand in one that records the waits. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A monotonic clock in ms for pacing. @default performance.now */
  readonly monotonicNow?: () => number;
}

/**
 * The outbox sender: claims due entries, renders each as a DM (or an update of the DM recorded
 * for its ref), records where the message is, and reports Slack failures so the core retries
 * with backoff (a 429's Retry-After included) or gives up on permanent ones. A 429 also pauses
 * the whole worker until Retry-After has passed. After a drain it refreshes the Home tab of each
 * user it wrote to.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { deps, client } = options;
  const { core, logger } = deps;
  const workerId = options.workerId ?? `slack-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollIntervalMs = options.pollIntervalMs ?? DELIVERY_POLL_INTERVAL_MS;
  const reminderIntervalMs = options.reminderIntervalMs ?? REMINDER_INTERVAL_MS;
  const perChannelIntervalMs = options.perChannelIntervalMs ?? PER_CHANNEL_INTERVAL_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  /** When each DM (by Slack user) was last written to, on the monotonic clock; entries older than the interval are dropped. */
  const lastSentTo = new Map<string, number>();

  let stopped = true;
  let suspendedBecause: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let cycle: Promise<void> | null = null;
  let lastRemindersAt = Number.NEGATIVE_INFINITY;
  let queue: Promise<unknown> = Promise.resolve();
  /** After a 429: no Slack call before this instant (ms, on the core's clock, like the outbox's retry times). */
  let pausedUntilMs = Number.NEGATIVE_INFINITY;
  /** Users whose Home tab should show what was delivered to them; refreshed when not rate limited. */
  const homesDue = new Map<string, SlackUser>();

  const paused = (): boolean => core.clock.now().getTime() < pausedUntilMs;
  const homeKey = (user: SlackUser): string => `${user.enterpriseId ?? ''}/${user.userId}`;

  /** The notification as the account sees it now, or null when it is gone (expired, audience changed). */
  async function fullNotification(accountId: string, notificationId: string): Promise<AccountNotificationView | null> {
    try {
      return await core.notifications.getForAccount(accountId, notificationId);
    } catch (error) {
      if (!isAccountError(error)) logFailure(logger, `reading notification ${notificationId}`, error);
      return null;
    }
  }

  /** The invitation as the account sees it now, or null when the core no longer shows it to the account. */
  async function currentInvitation(accountId: string, invitationId: string): Promise<InvitationView | null> {
    try {
      return await core.invitations.get(accountId, invitationId);
    } catch (error) {
      if (!isAccountError(error)) logFailure(logger, `reading invitation ${invitationId}`, error);
      return null;
    }
  }

  /** How the reminded token stands now: gone from the account's list means deleted. */
  async function reminderState(accountId: string, tokenId: string): Promise<ReminderState> {
    const token = (await core.tokens.list(accountId)).find((candidate) => candidate.id === tokenId);
    if (!token) return 'deleted';
    return token.state === 'active' ? 'live' : token.state;
  }

  /** How the reminded membership stands now: the same end (live), another (moved) or none (ended). */
  async function membershipState(accountId: string, projectId: string, remindedEnd: string): Promise<MembershipState> {
    const project = (await core.projects.listForAccount(accountId)).find((candidate) => candidate.id === projectId);
    if (!project) return { kind: 'ended' };
    const until = project.membership.expiresAt;
    return until !== null && new Date(until).getTime() === new Date(remindedEnd).getTime() ? { kind: 'live' } : { kind: 'moved', until };
  }

  /** How a project's MFA deadline stands for the member now. */
  async function mfaDeadlineState(accountId: string, projectId: string): Promise<MfaDeadlineState> {
    const [account, projects] = await Promise.all([core.accounts.get(accountId), core.projects.listForAccount(accountId)]);
    const project = projects.find((candidate) => candidate.id === projectId);
    if (!project) return 'not-member';
    if (!project.mfaRequired) return 'lifted';
    return account.mfaEnabled ? 'mfa-on' : 'live';
  }

  /** What the core says about the message's subject now. */
  async function currentState(accountId: string, message: OutboxMessage): Promise<CurrentState> {
    switch (message.kind) {
      case 'notification.published':
        return { notification: await fullNotification(accountId, message.info.notificationId) };
      case 'invitation.created':
      case 'invitation.answered':
      case 'invitation.cancelled':
        return { invitation: await currentInvitation(accountId, message.info.invitationId) };
      case 'token.expiring':
        return message.info.tokenId ? { reminder: await reminderState(accountId, message.info.tokenId) } : {};
      case 'membership.expiring':
        return { membership: await membershipState(accountId, message.projectId, message.info.expiresAt) };
      case 'project.mfa-required':
        return { mfaDeadline: await mfaDeadlineState(accountId, message.projectId) };
      default:
        return {};
    }
  }

  /** Waits until the user's DM may take another message (PER_CHANNEL_INTERVAL_MS after the last one). */
  async function pace(userId: string): Promise<void> {
    const now = monotonicNow();
    for (const [key, at] of lastSentTo) if (now - at >= perChannelIntervalMs) lastSentTo.delete(key);
    const last = lastSentTo.get(userId);
    if (last !== undefined) await sleep(perChannelIntervalMs - (now - last));
    lastSentTo.set(userId, monotonicNow());
  }

  async function send(claimed: ClaimedOutboxEntry, content: MessageContent): Promise<SlackMessageRef> {
    const what = `${claimed.entry.kind} ${claimed.entry.id}`;
    await pace(claimed.slack.userId);
    if (claimed.message) {
      const { channel, ts } = claimed.message;
      try {
        await sendWithTextFallback(logger, what, content, (body) => client.chat.update({ channel, ts, text: body.text, blocks: body.blocks }));
        return claimed.message;
      } catch (error) {
        if (!isMessageGone(error)) throw error;
      }
    }
    // An earlier attempt may have posted this entry and died before recording it: update that copy.
    const earlier = claimed.entry.attempts > 0 ? await findPosted(client, claimed, logger) : null;
    if (earlier) {
      await sendWithTextFallback(logger, what, content, (body) => client.chat.update({ ...earlier, text: body.text, blocks: body.blocks }));
      logger.info(`kbc-account slack: ${what} had been posted by an attempt that did not report; updated that message instead of posting again`);
      return earlier;
    }
    // Posting to the user id lands in the app's DM with them; only chat:write is needed. The
    // metadata names the entry, so a later attempt can find this message (see findPosted).
    const metadata = outboxMetadata(claimed.entry);
    const posted = await sendWithTextFallback(logger, what, content, (body) =>
      client.chat.postMessage({ channel: claimed.slack.userId, text: body.text, blocks: body.blocks, metadata }),
    );
    const channel = text(field(posted, 'channel'), 100);
    const ts = text(field(posted, 'ts'), 100);
    if (!channel || !ts) throw new Error('chat.postMessage answered without channel or ts');
    return { channel, ts };
  }

  /** Sends one claimed entry and records the outcome; 'rate-limited' when Slack answered 429. */
  async function deliverOne(claimed: ClaimedOutboxEntry): Promise<'delivered' | 'failed' | 'rate-limited'> {
    const { entry } = claimed;
    const message = readOutboxMessage(entry.kind, entry.payload);
    let ref: SlackMessageRef;
    let refreshAt: string | null = null;
    try {
      if (!message) throw new Error(`unreadable ${entry.kind} payload`);
      const current = await currentState(entry.accountId, message);
      refreshAt = refreshTimeOf(message, current, core.clock.now());
      ref = await send(claimed, renderOutboxMessage(withProjectLinks(message, deps.config.projectBaseUrl), core.clock.now(), current, deps.config.projectBaseUrl ?? null));
    } catch (error) {
      const failure: DeliveryFailure = message ? classifySlackError(error) : { error: `unreadable ${entry.kind} payload`, permanent: true };
      logger.warn(`kbc-account slack: delivering ${entry.kind} ${entry.id} failed (${failure.error})${failure.permanent ? ', giving up' : ''}`);
      const { error: reason, permanent, retryAfterSeconds } = failure;
      await core.outbox
        .markFailed(entry.id, workerId, { error: reason, permanent, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) })
        .catch((settle: unknown) => logFailure(logger, `recording the failure of ${entry.id}`, settle));
      if (!failure.rateLimited) return 'failed';
      // Slack limits the app, not this entry: every call waits, or the next ones fail too.
      const pauseSeconds = Math.max(1, retryAfterSeconds ?? 1);
      pausedUntilMs = core.clock.now().getTime() + pauseSeconds * 1000;
      logger.warn(`kbc-account slack: rate limited by Slack; delivery paused for ${pauseSeconds} s`);
      return 'rate-limited';
    }
    try {
      await core.outbox.markDelivered(entry.id, workerId, ref, { refreshAt });
    } catch (error) {
      // Sent, but another worker took the entry over meanwhile (or the account unlinked): it records the outcome.
      if (!isAccountError(error, 'OUTBOX_CLAIM_LOST')) logFailure(logger, `recording the delivery of ${entry.id}`, error);
    }
    return 'delivered';
  }

  /**
   * Sends due entries one claim at a time until none is due, the drain's share is sent, or Slack
   * rate limits the app; then refreshes the Home tabs of the users written to (not while paused).
   */
  async function drain(): Promise<DeliveryReport> {
    let delivered = 0;
    let failed = 0;
    for (let sent = 0; sent < ENTRIES_PER_DRAIN_MAX && !paused(); sent++) {
      const [claimed] = await core.outbox.claim({ workerId, limit: 1, leaseSeconds: DELIVERY_LEASE_SECONDS });
      if (!claimed) break;
      const outcome = await deliverOne(claimed);
      // A Slack user whose link ended gets their Home tab republished (as unlinked) even when the DM
      // telling them could not go out: it must not keep offering the account's buttons.
      if (outcome === 'delivered' || claimed.entry.kind === 'slack.unlinked') homesDue.set(homeKey(claimed.slack), claimed.slack);
      if (outcome === 'delivered') delivered++;
      else failed++;
    }
    if (!paused()) {
      for (const [key, user] of homesDue) {
        homesDue.delete(key);
        await publishHome(deps, client, user);
      }
    }
    return { delivered, failed };
  }

  function deliverDue(): Promise<DeliveryReport> {
    const run = queue.then(() => (suspendedBecause === null ? drain() : { delivered: 0, failed: 0 }));
    queue = run.catch(() => undefined);
    return run;
  }

  async function sendReminders(): Promise<number> {
    return core.tokens.sendExpiryReminders();
  }

  async function queueRefreshes(): Promise<number> {
    return core.outbox.queueRefreshes();
  }

  async function runCycle(): Promise<void> {
    if (performance.now() - lastRemindersAt >= reminderIntervalMs) {
      lastRemindersAt = performance.now();
      // Token and membership reminders, and ends of memberships, are the core's periodic jobs,
      // which `kbc-account slack` holds like every long-running process (core.periodic).
      await queueRefreshes().catch((error: unknown) => logFailure(logger, 'queueing updates of expired DMs', error));
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

  async function stop(): Promise<void> {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    await cycle;
    await queue;
  }

  return {
    workerId,
    start() {
      if (!stopped || suspendedBecause !== null) return;
      stopped = false;
      schedule(0);
    },
    stop,
    deliverDue,
    sendReminders,
    queueRefreshes,
    async suspend(reason: string) {
      suspendedBecause ??= reason;
      await stop();
    },
    get suspendedBecause() {
      return suspendedBecause;
    },
  };
}
