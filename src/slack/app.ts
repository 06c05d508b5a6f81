import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type Authorize, type Logger, type Receiver } from '@slack/bolt';
import type { Core } from '../core/index.ts';
import { SLACK_EVENTS_PATH, type SlackConfig } from './config.ts';
import { SUBMIT_DEADLINE_MS, type SlackDeps } from './context.ts';
import { createDeliveryWorker, SLACK_CALL_TIMEOUT_MS, type DeliveryWorker } from './delivery/worker.ts';
import { acknowledgeUndispatchable, guardRequestBodies } from './body-guard.ts';
import { payloadGuard } from './guard.ts';
import { registerListeners } from './listeners/index.ts';
import { consoleLogger, describeError, logFailure, secretSafeLogger } from './log.ts';
import { slackErrorCode } from './delivery/slack-errors.ts';
import { createReadiness } from './health.ts';
import { field } from './payload.ts';
import { deliveryStopper } from './listeners/events/uninstalled.ts';

/**
 * A request nothing acknowledged is answered after this many ms: inside Slack's 3 seconds (Bolt's
 * default, 3001 ms, is just past them), so every signed payload gets an answer Slack still counts.
 */
export const UNHANDLED_REQUEST_TIMEOUT_MS = 2_500;

/**
 * Readiness for load balancers and process managers: `GET /healthz` → 200 when the store answers,
 * Slack accepts the token and the outbox is not falling behind, else 503 (JSON either way; see health.ts).
 */
export const HEALTH_PATH = '/healthz';

/** The bot user's ids, as `auth.test` reports them. */
export interface BotIdentity {
  readonly botId: string;
  readonly botUserId: string;
}

export interface CreateSlackAppOptions {
  readonly core: Core;
  readonly config: SlackConfig;
  /** Defaults to a console logger; either way wrapped by `secretSafeLogger`. */
  readonly logger?: Logger;
  /** @default LogLevel.INFO */
  readonly logLevel?: LogLevel;
  /** The bot's ids. When given, nothing calls Slack before the first request (tests); else `start` asks `auth.test`, which also checks the token. */
  readonly bot?: BotIdentity;
  /**
   * HTTP only: send the HTTP response after the listener finished instead of at `ack()`. Tests
   * use it to see every effect when the response arrives; in production the ack goes out at once.
   * @default false
   */
  readonly processBeforeResponse?: boolean;
  /** HTTP only: a request no listener acknowledged is answered after this many ms. @default UNHANDLED_REQUEST_TIMEOUT_MS */
  readonly unhandledRequestTimeoutMillis?: number;
  /** How long a modal submission may work before its ack, in ms. @default SUBMIT_DEADLINE_MS */
  readonly submitDeadlineMs?: number;
  /**
   * Retries of the listeners' Web API client. Tests pass `{ retries: 0 }`, so one queued failure
   * of the fake API is one failed call. @default LISTENER_RETRY_CONFIG
   */
  readonly listenerRetryConfig?: webApi.RetryOptions;
  readonly delivery?: {
    readonly pollIntervalMs?: number;
    readonly reminderIntervalMs?: number;
    readonly workerId?: string;
    /** Start the delivery worker with the app. @default true */
    readonly autoStart?: boolean;
    /** Pacing of messages to one DM (see worker.ts). */
    readonly perChannelIntervalMs?: number;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly monotonicNow?: () => number;
  };
}

export interface SlackApp {
  readonly app: App;
  readonly delivery: DeliveryWorker;
  /** Starts receiving (HTTP on `config.port`, or Socket Mode) and delivering. Resolves with the HTTP port (null in Socket Mode). */
  start(): Promise<{ readonly port: number | null }>;
  /** Stops delivering (waiting for the delivery in progress), then receiving. */
  stop(): Promise<void>;
}

/** The Slack app could not start; the message says why (a refused token, a port in use). */
export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

/**
 * Retries of a listener's Web API calls (after the ack, so the user waits at most about two
 * seconds more): a network error or a 5xx is retried twice, 200 ms then 400 ms later (up to 1 s).
 * The client's default (ten retries over half an hour) would leave a click unanswered for minutes.
 */
export const LISTENER_RETRY_CONFIG: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 };

/** The delivery worker's client never retries by itself: the outbox retries with backoff. */
const NO_RETRIES: webApi.RetryOptions = { retries: 0 };

/**
 * Web API client options: the configured base URL, the given retries, 429s surfaced at once as
 * errors carrying Retry-After (never waited out inside a call), each call bounded by
 * SLACK_CALL_TIMEOUT_MS.
 */
function clientOptions(config: SlackConfig, retryConfig: webApi.RetryOptions, logger?: Logger): webApi.WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig,
    rejectRateLimitedCalls: true,
    timeout: SLACK_CALL_TIMEOUT_MS,
    ...(logger ? { logger } : {}),
  };
}

function receiverFor(config: SlackConfig, options: CreateSlackAppOptions, logger: Logger, health: (res: ServerResponse) => Promise<void>): Receiver {
  if (config.appToken) return new SocketModeReceiver({ appToken: config.appToken, logger, processEventErrorHandler: acknowledgeUndispatchable });
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    processBeforeResponse: options.processBeforeResponse ?? false,
    unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMillis ?? UNHANDLED_REQUEST_TIMEOUT_MS,
    customRoutes: [{ path: HEALTH_PATH, method: ['GET'], handler: (_req, res) => void health(res) }],
    logger,
  });
  // Bolt 5.1 crashes the process on a signed body that parses to null: refused with 400 first.
  guardRequestBodies(receiver, { signingSecret: config.signingSecret, endpoints: [SLACK_EVENTS_PATH], logger });
  return receiver;
}

/**
 * The Slack app on a core: Bolt with every listener, the payload guard, and the outbox delivery
 * worker. Never uses Bolt's developerMode (it logs request bodies, tokens included).
 */
export function createSlackApp(options: CreateSlackAppOptions): SlackApp {
  const { core, config } = options;
  let identity: BotIdentity | null = options.bot ?? null;
  // One workspace, one bot token; `authorize` (instead of `token`) keeps Bolt from calling
  // auth.test on its own, with an unhandled rejection when the token is wrong.
  const authorize: Authorize<boolean> = async () => ({ botToken: config.botToken, ...(identity ?? {}) });
  // Bolt hands this logger to every Web API client and to Socket Mode, whose debug lines hold
  // whole payloads (a new token, a link code): it is always the secret-safe wrapper.
  const appLogger = secretSafeLogger(options.logger ?? consoleLogger());
  let readiness: ReturnType<typeof createReadiness> | null = null;
  const health = async (res: ServerResponse): Promise<void> => {
    try {
      if (!readiness) throw new Error('not started');
      await readiness.answer(res);
    } catch (error) {
      logFailure(appLogger, 'answering the health check', error);
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"not_ready"}');
    }
  };
  const app = new App({
    receiver: receiverFor(config, options, appLogger, health),
    authorize,
    logger: appLogger,
    logLevel: options.logLevel ?? LogLevel.INFO,
    // Bolt shares its logger with the listeners' clients.
    clientOptions: clientOptions(config, options.listenerRetryConfig ?? LISTENER_RETRY_CONFIG),
    convoStore: false,
    developerMode: false,
  });
  const logger = app.logger;
  const deps: SlackDeps = { core, config, logger, submitDeadlineMs: options.submitDeadlineMs ?? SUBMIT_DEADLINE_MS };
  const client = new webApi.WebClient(config.botToken, clientOptions(config, NO_RETRIES, logger));
  const delivery = createDeliveryWorker({
    deps,
    client,
    ...(options.delivery?.workerId ? { workerId: options.delivery.workerId } : {}),
    ...(options.delivery?.pollIntervalMs !== undefined ? { pollIntervalMs: options.delivery.pollIntervalMs } : {}),
    ...(options.delivery?.reminderIntervalMs !== undefined ? { reminderIntervalMs: options.delivery.reminderIntervalMs } : {}),
    ...(options.delivery?.perChannelIntervalMs !== undefined ? { perChannelIntervalMs: options.delivery.perChannelIntervalMs } : {}),
    ...(options.delivery?.sleep ? { sleep: options.delivery.sleep } : {}),
    ...(options.delivery?.monotonicNow ? { monotonicNow: options.delivery.monotonicNow } : {}),
  });

  readiness = createReadiness({ core, client, delivery });

  app.use(payloadGuard(logger));
  registerListeners(app, deps);
  // Slack took the app's access away: delivery stops, the outbox keeps what waits, the operator is told.
  const stopDelivery = deliveryStopper({ core, delivery, logger });
  app.event('app_uninstalled', async () => stopDelivery('Slack uninstalled the app from the workspace'));
  app.event('tokens_revoked', async ({ event }) => {
    // Only the bot token matters (the app holds no user tokens); a malformed event changes nothing.
    const bots: unknown = field(event, 'tokens', 'bot');
    if (Array.isArray(bots) && bots.length > 0) await stopDelivery('Slack revoked the bot token');
  });
  // The last resort: listeners answer the user themselves; anything escaping them is logged, not rethrown.
  app.error(async (error) => logFailure(logger, 'handling a Slack request', error));

  async function verifyToken(): Promise<void> {
    if (identity) return;
    try {
      const auth = await client.auth.test();
      identity = { botId: String(auth.bot_id ?? ''), botUserId: String(auth.user_id ?? '') };
    } catch (error) {
      const code = slackErrorCode(error);
      throw new SlackStartError(
        code ? `Slack refused SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-…) of the installed app.` : `Could not reach Slack to check SLACK_BOT_TOKEN: ${describeError(error)}`,
      );
    }
  }

  return {
    app,
    delivery,
    async start() {
      await verifyToken();
      let port: number | null = null;
      if (config.appToken) {
        await app.start();
      } else {
        try {
          const server = (await app.start(config.port)) as { address(): AddressInfo | string | null };
          const address = server.address();
          port = typeof address === 'object' && address !== null ? address.port : config.port;
        } catch (error) {
          throw new SlackStartError(`Could not listen on port ${config.port}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (options.delivery?.autoStart !== false) delivery.start();
      return { port };
    },
    async stop() {
      await delivery.stop();
      await app.stop();
    },
  };
}
