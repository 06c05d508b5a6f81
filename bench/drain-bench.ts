import type { Store } from '../src/core/store/store.ts';
import { FakeSlack } from './fake-slack.ts';
import { startSlackProcess, type SlackProcess } from './memory-bench.ts';
import { postgresEnv } from './pg-bench.ts';
import { accountIdOf } from './seed.ts';

export interface DrainResult {
  readonly replicas: number;
  readonly entries: number;
  /** Entries Slack received (distinct). */
  readonly delivered: number;
  /** Messages Slack received for an entry it had already received. */
  readonly duplicates: number;
  /** Messages of a ref that arrived after a later message of the same ref. */
  readonly reorders: number;
  /** First entry queued → last one received, ms. */
  readonly drainMs: number;
  /** Entries whose stored status is not `delivered` once Slack had them all. */
  readonly notDelivered: number;
}

/** Entries queued per transaction while the replicas drain: a busy producer, as a broadcast is. */
const QUEUE_BATCH = 250;
/** Slack itself takes about one message per second per DM; this is only a bound on a stuck run. */
const DRAIN_TIMEOUT_MS = 30 * 60_000;
const MARKER = /Drain R(\d+) #(\d+)/;

/**
 * Starts `replicas` real Slack processes on the database against one fake Slack, then queues
 * `entries` outbox entries (notification DMs to linked accounts, `perRef` per ref, in order) and
 * waits until Slack has received every one. Each message carries its ref and place in the ref
 * (in the title), so the fake Slack counts what a user would see: a message twice, or a ref's
 * messages out of order. Then reads every entry back from the store.
 */
export async function benchOutboxDrain(store: Store, url: string, options: { replicas: number; entries: number; perRef: number; linkedAccounts: number }): Promise<DrainResult> {
  const refs = Math.ceil(options.entries / options.perRef);
  const seen = new Set<string>();
  const lastOfRef = new Map<number, number>();
  let duplicates = 0;
  let reorders = 0;
  let lastAt = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const fake = await FakeSlack.start();
  fake.onMessage = (_method, body) => {
    const match = MARKER.exec(decodeURIComponent(body.replace(/\+/g, ' ')));
    if (!match) return;
    const [ref, seq] = [Number(match[1]), Number(match[2])];
    const key = `${ref}#${seq}`;
    if (seen.has(key)) duplicates++;
    seen.add(key);
    if ((lastOfRef.get(ref) ?? -1) > seq) reorders++;
    lastOfRef.set(ref, Math.max(seq, lastOfRef.get(ref) ?? -1));
    lastAt = performance.now();
    if (seen.size === options.entries) done();
  };
  const processes: SlackProcess[] = [];
  try {
    for (let i = 0; i < options.replicas; i++) processes.push(await startSlackProcess({ args: [], env: postgresEnv(url) }, fake));
    const started = performance.now();
    const base = Date.now() - 60_000;
    const ids: string[] = [];
    for (let from = 0; from < options.entries; from += QUEUE_BATCH) {
      await store.transact(async (tx) => {
        for (let n = from; n < Math.min(options.entries, from + QUEUE_BATCH); n++) {
          // Entry n is message seq of ref: a ref's messages are queued in order, refs interleaved.
          const [ref, seq] = [n % refs, Math.floor(n / refs)];
          const id = `obx_drain${n.toString(36).padStart(8, '0')}`;
          const at = new Date(base + n).toISOString();
          ids.push(id);
          tx.put('outbox', id, {
            id,
            kind: 'notification.published',
            accountId: accountIdOf(ref % options.linkedAccounts),
            ref: `bench-drain:${ref}`,
            payload: { notificationId: `ntf_drain${ref}`, title: `Drain R${ref} #${seq}`, kind: 'announcement' },
            createdAt: at,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: at,
            claimedBy: null,
            claimedUntil: null,
            lastError: null,
            deliveredAt: null,
          });
        }
      });
    }
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS))]);
    const drainMs = lastAt - started;
    // A duplicate would come after the last first delivery: give the replicas a few polls more.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    let notDelivered = 0;
    await store.view(async (view) => {
      for (const id of ids) if ((await view.get('outbox', id))?.status !== 'delivered') notDelivered++;
    });
    return { replicas: options.replicas, entries: options.entries, delivered: seen.size, duplicates, reorders, drainMs, notDelivered };
  } finally {
    await Promise.all(processes.map((process) => process.stop()));
    await fake.close();
  }
}
