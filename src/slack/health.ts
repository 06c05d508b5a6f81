import type { ServerResponse } from 'node:http';
import type { Core } from '../core/index.ts';
import type { SlackClient } from './context.ts';
import type { DeliveryWorker } from './delivery/worker.ts';
import { slackErrorCode } from './delivery/slack-errors.ts';

/** A due Slack message waiting longer than this, in seconds, makes the app not ready. */
export const OUTBOX_BACKLOG_MAX_SECONDS = 300;
/** How long a good `auth.test` answer is trusted, in ms: a health check every few seconds must not call Slack each time. */
const AUTH_GOOD_TTL_MS = 60_000;
/** How long a failed one is, in ms: a token fixed (or Slack back) shows soon. */
const AUTH_BAD_TTL_MS = 10_000;
/** A check that does not answer in this long, in ms, counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

/** What `GET /healthz` reports. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: {
    /** `ok`, or why the store did not answer. */
    readonly store: string;
    /** `ok`, or why Slack refused the token (or did not answer), or that delivery was suspended. */
    readonly slack: string;
    readonly outbox: { readonly status: string; readonly oldestDueSeconds: number | null; readonly maxSeconds: number };
  };
}

/** One line for a health answer: Slack's error code, or the message's first line, cut short (no stack, no paths). */
function briefly(error: unknown): string {
  const code = slackErrorCode(error);
  if (code) return code;
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * Readiness for load balancers and process managers: the store answers a read, Slack accepts the
 * bot token (`auth.test`, cached), delivery is not suspended (app uninstalled, token revoked) and
 * no due Slack message has waited longer than OUTBOX_BACKLOG_MAX_SECONDS. Reads only, no lock.
 */
export function createReadiness(options: { core: Core; client: SlackClient; delivery: DeliveryWorker; now?: () => number }) {
  const { core, client, delivery } = options;
  const now = options.now ?? (() => performance.now());
  let auth: { result: string; at: number } | null = null;

  async function slackCheck(): Promise<string> {
    if (delivery.suspendedBecause !== null) return `delivery suspended: ${delivery.suspendedBecause}`;
    if (auth && now() - auth.at < (auth.result === 'ok' ? AUTH_GOOD_TTL_MS : AUTH_BAD_TTL_MS)) return auth.result;
    let result: string;
    try {
      await withTimeout(client.auth.test(), 'auth.test');
      result = 'ok';
    } catch (error) {
      const code = slackErrorCode(error);
      result = code ? `Slack refused the bot token (${code})` : `Slack did not answer auth.test: ${briefly(error)}`;
    }
    auth = { result, at: now() };
    return result;
  }

  async function storeCheck(): Promise<string> {
    try {
      await withTimeout(core.checkStore(), 'the store');
      return 'ok';
    } catch (error) {
      return `the store did not answer: ${briefly(error)}`;
    }
  }

  async function outboxCheck(): Promise<Readiness['checks']['outbox']> {
    try {
      const { oldestDueSeconds } = await withTimeout(core.outbox.backlog(), 'the outbox');
      const status = oldestDueSeconds > OUTBOX_BACKLOG_MAX_SECONDS ? `a message has waited ${oldestDueSeconds} s to be delivered` : 'ok';
      return { status, oldestDueSeconds, maxSeconds: OUTBOX_BACKLOG_MAX_SECONDS };
    } catch (error) {
      return { status: `the outbox could not be read: ${briefly(error)}`, oldestDueSeconds: null, maxSeconds: OUTBOX_BACKLOG_MAX_SECONDS };
    }
  }

  return {
    async check(): Promise<Readiness> {
      const [store, slack, outbox] = await Promise.all([storeCheck(), slackCheck(), outboxCheck()]);
      return { ready: store === 'ok' && slack === 'ok' && outbox.status === 'ok', checks: { store, slack, outbox } };
    },
    /** Answers `GET /healthz`: 200 when ready, 503 when not, with the checks as JSON. */
    async answer(res: ServerResponse): Promise<void> {
      const readiness = await this.check();
      res
        .writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ status: readiness.ready ? 'ok' : 'not_ready', checks: readiness.checks }));
    },
  };
}
