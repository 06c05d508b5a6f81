import { afterEach, expect } from 'vitest';
import { submissionAnswerProblems } from './block-kit-limits.ts';
import { blockActionsPayload, slackSignature, slashCommandBody } from './slack-requests.ts';
import { LogLevel, type Logger } from '@slack/bolt';
import type { Core, FakeClock, SlackUser } from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { createSlackApp, type SlackApp } from '../../../src/slack/app.ts';
import { SLACK_EVENTS_PATH, type SlackConfig } from '../../../src/slack/config.ts';
import { CALLBACK } from '../../../src/slack/ids.ts';
import { fileCore, makeAccount, testCore } from '../../support/core.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { holdLock } from '../../core/store/support.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token';

/** Slack users of the tests: Ann and Bob in one workspace, Eve unlinked. */
export const ANN: SlackUser = { teamId: 'T0001', userId: 'U0ANN' };
export const BOB: SlackUser = { teamId: 'T0001', userId: 'U0BOB' };
export const EVE: SlackUser = { teamId: 'T0001', userId: 'U0EVE' };

/** A logger that keeps every line (debug included) so tests can check what was logged. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  let level = LogLevel.DEBUG;
  const put = (name: string) => (...args: unknown[]) => {
    lines.push(`${name} ${args.map((arg) => (arg instanceof Error ? `${arg.stack}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`);
  };
  return { lines, debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error'), setLevel: (next) => (level = next), getLevel: () => level, setName: () => undefined };
}

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return slackSignature(body, timestamp, secret);
}

export interface PostOptions {
  /** The x-slack-request-timestamp; null: no header. @default now */
  readonly timestamp?: number | string | null;
  /** A given header value; null: no header; undefined: the correct signature. */
  readonly signature?: string | null;
  /** null: no content-type header. @default application/x-www-form-urlencoded */
  readonly contentType?: string | null;
  /** More headers, sent as given. */
  readonly headers?: Record<string, string>;
}

export interface Harness {
  readonly core: Core;
  readonly clock: FakeClock;
  readonly store: Store;
  readonly api: FakeSlackApi;
  readonly slack: SlackApp;
  readonly logs: string[];
  readonly url: string;
  /** POSTs a raw body to /slack/events, signed unless told otherwise. */
  post(body: string | Buffer, options?: PostOptions): Promise<Response>;
  /** `/kbc <text>` by `user`; resolves with the HTTP response (after the listener finished). */
  command(user: SlackUser, text: string): Promise<Response>;
  /** A block_actions payload (form-encoded `payload=`). */
  interact(payload: unknown): Promise<Response>;
  /**
   * An Events API callback (JSON), with a new `event_id` unless one is given; `retryNum` sends it
   * as Slack's retry of that delivery (`x-slack-retry-num`, `x-slack-retry-reason`).
   */
  event(user: SlackUser, event: Record<string, unknown>, delivery?: { readonly eventId?: string; readonly retryNum?: number }): Promise<Response>;
  /** The ephemeral replies (response_url posts) so far, as text. */
  replies(): string[];
}

export interface HarnessOptions {
  readonly tokenRequiresMfa?: boolean;
  /** Start the polling delivery worker (default: off; tests call `slack.delivery.deliverDue()`). */
  readonly autoDeliver?: boolean;
  readonly pollIntervalMs?: number;
  /** How often the polling worker queues what is due by time (reminders, refreshes of expired DMs). */
  readonly reminderIntervalMs?: number;
  /** Send the HTTP response at ack() as production does (default: after the listener, for deterministic tests). */
  readonly processBeforeResponse?: boolean;
  /** Runs on the core before the app starts (data queued while the app was down). */
  readonly beforeStart?: (core: Core, clock: FakeClock) => Promise<void>;
  /** How long a modal submission may work before its ack, in ms (the app's default when absent). */
  readonly submitDeadlineMs?: number;
  /** Keep the listeners' production retry policy (default: no retries, one queued failure = one failed call). */
  readonly productionRetries?: boolean;
  /** KBC_PROJECT_BASE_URL: project names in messages link there. */
  readonly projectBaseUrl?: string;
  /**
   * The delivery worker's pacing clock and sleep, for the tests of pacing; without it messages are
   * not paced at all (a real second between two DMs to one person only makes the other tests slow).
   */
  readonly pacing?: { readonly sleep: (ms: number) => Promise<void>; readonly monotonicNow: () => number };
}

/** A harness on a real file store in a temp data directory (no `store`: the core owns it). */
export type FileHarness = Omit<Harness, 'store'> & {
  readonly dataDir: string;
  /** The store file: `holdLock(storeFile)` holds its lock as another process would. */
  readonly storeFile: string;
};

const open: Omit<Harness, 'store'>[] = [];
afterEach(async () => {
  for (const harness of open.splice(0)) {
    await harness.slack.stop();
    await harness.api.close();
  }
  // Every view and message the test made the app send keeps Block Kit's limits.
  const problems = FakeSlackApi.started.splice(0).flatMap((api) => api.problems);
  expect(problems, 'Block Kit limits broken by what the app sent').toEqual([]);
});

/** The Slack app on a memory core, over real HTTP with signed requests, talking to a fake Slack API. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { core, clock, store } = testCore();
  return { ...(await launch(core, clock, options)), store };
}

/** Like `startHarness`, on a file-backed core (the store's cross-process lock is real). */
export async function startFileHarness(options: HarnessOptions = {}): Promise<FileHarness> {
  const { core, clock, dataDir } = await fileCore();
  return { ...(await launch(core, clock, options)), dataDir, storeFile: core.location };
}

async function launch(core: Core, clock: FakeClock, options: HarnessOptions): Promise<Omit<Harness, 'store'>> {
  await options.beforeStart?.(core, clock);
  const api = await FakeSlackApi.start();
  api.now = () => clock.now();
  const logger = captureLogger();
  const config: SlackConfig = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: null,
    port: 0,
    apiUrl: api.apiUrl,
    tokenRequiresMfa: options.tokenRequiresMfa ?? true,
    ...(options.projectBaseUrl ? { projectBaseUrl: options.projectBaseUrl } : {}),
  };
  const slack = createSlackApp({
    core,
    config,
    logger,
    logLevel: LogLevel.DEBUG,
    bot: { botId: 'BBOT', botUserId: 'UBOT' },
    processBeforeResponse: options.processBeforeResponse ?? true,
    unhandledRequestTimeoutMillis: 300,
    // One answer per queued failure: a retry would consume the next test step's answer.
    ...(options.productionRetries ? {} : { listenerRetryConfig: { retries: 0 } }),
    ...(options.submitDeadlineMs !== undefined ? { submitDeadlineMs: options.submitDeadlineMs } : {}),
    delivery: {
      autoStart: options.autoDeliver ?? false,
      ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      ...(options.reminderIntervalMs ? { reminderIntervalMs: options.reminderIntervalMs } : {}),
      ...(options.pacing ?? { perChannelIntervalMs: 0 }),
    },
  });
  const { port } = await slack.start();
  const url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;

  let events = 0;
  async function post(body: string | Buffer, postOptions: PostOptions = {}): Promise<Response> {
    const timestamp = postOptions.timestamp === undefined ? Math.floor(Date.now() / 1000) : postOptions.timestamp;
    const headers: Record<string, string> = { ...postOptions.headers };
    if (postOptions.contentType !== null) headers['content-type'] = postOptions.contentType ?? 'application/x-www-form-urlencoded';
    if (timestamp !== null) headers['x-slack-request-timestamp'] = String(timestamp);
    const signed = postOptions.signature === undefined ? signature(body.toString(), Number(timestamp)) : postOptions.signature;
    if (signed !== null) headers['x-slack-signature'] = signed;
    const response = await fetch(url, { method: 'POST', headers, body });
    // A submission's answer can carry a view (response_action update or push): checked like the rest.
    if (response.headers.get('content-type')?.includes('application/json')) {
      const answer: unknown = await response.clone().json().catch(() => null);
      api.problems.push(...submissionAnswerProblems(answer));
    }
    return response;
  }

  const harness: Omit<Harness, 'store'> = {
    core,
    clock,
    api,
    slack,
    logs: logger.lines,
    url,
    post,
    command: (user, text) =>
      post(slashCommandBody(user, text, api.responseUrl())),
    interact: (payload) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString()),
    event: (user, event, delivery = {}) =>
      post(
        JSON.stringify({ token: 'x', team_id: user.teamId, api_app_id: 'A0KBC', type: 'event_callback', event_id: delivery.eventId ?? `Ev${++events}`, event_time: 1, event }),
        {
          contentType: 'application/json',
          ...(delivery.retryNum !== undefined ? { headers: { 'x-slack-retry-num': String(delivery.retryNum), 'x-slack-retry-reason': 'http_timeout' } } : {}),
        },
      ),
    replies: () => api.responses.map((response) => String(response.body['text'] ?? '') + JSON.stringify(response.body['blocks'] ?? '')),
  };
  open.push(harness);
  return harness;
}

/**
 * The usual start of a delivery test: a harness (see startHarness) where Ann's account is linked
 * to her Slack user, with the "linked" confirmation delivered and the fake API's record cleared,
 * and a project Sales.
 */
export async function startWithAnnLinked(options: HarnessOptions = {}) {
  const h = await startHarness(options);
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  await h.slack.delivery.deliverDue(); // the "linked" confirmation
  h.api.reset();
  const project = await h.core.projects.create({ name: 'Sales' });
  return { h, ann, project };
}

/** Links `user` to `accountId` the way a person does: a code from the dashboard, then the core's link. */
export async function linkSlack(core: Core, accountId: string, user: SlackUser): Promise<void> {
  const { code } = await core.slackLink.createLinkCode(accountId);
  await core.slackLink.link({ code, teamId: user.teamId, userId: user.userId });
}

/** Where a button was clicked. */
export type ClickSurface =
  | { readonly kind: 'message'; readonly channel: string; readonly ts: string }
  | { readonly kind: 'modal'; readonly viewId: string; readonly callbackId: string }
  | { readonly kind: 'home' };

/** A block_actions payload for a button click by `user`. */
export function click(harness: Harness, user: SlackUser, actionId: string, value: string | undefined, surface: ClickSurface): Record<string, unknown> {
  // A click on a modal carries the modal's current hash and private_metadata, as Slack's payload does.
  const hash = surface.kind === 'modal' ? harness.api.hashOf(surface.viewId) : undefined;
  const metadata = surface.kind === 'modal' ? harness.api.views.get(surface.viewId)?.['private_metadata'] : undefined;
  return blockActionsPayload(
    user,
    actionId,
    value,
    surface.kind === 'message'
      ? { ...surface, responseUrl: harness.api.responseUrl() }
      : surface.kind === 'modal'
        ? { ...surface, ...(hash ? { hash } : {}), ...(typeof metadata === 'string' ? { privateMetadata: metadata } : {}) }
        : surface,
  );
}

/** A view_submission of the token form (view `viewId`) by `user` with these state values. */
export function submitTokenForm(user: SlackUser, values: Record<string, Record<string, unknown>>, viewId = 'VFORM'): Record<string, unknown> {
  return submitView(user, CALLBACK.tokenForm, values, { viewId });
}

/**
 * A view_submission of modal `callbackId` (view `viewId`, as the fake API opened it) by `user` with
 * these state values and private_metadata, as Slack sends it; `previousViewId` is the view the
 * modal was pushed on top of (Slack's `previous_view_id`).
 */
export function submitView(
  user: SlackUser,
  callbackId: string,
  values: Record<string, Record<string, unknown>>,
  options: { readonly viewId?: string; readonly privateMetadata?: string; readonly previousViewId?: string } = {},
): Record<string, unknown> {
  return {
    type: 'view_submission',
    user: { id: user.userId, team_id: user.teamId, name: user.userId.toLowerCase() },
    team: { id: user.teamId, domain: 'acme' },
    api_app_id: 'A0KBC',
    trigger_id: 'trigger-submit',
    view: {
      id: options.viewId ?? 'VFORM',
      type: 'modal',
      callback_id: callbackId,
      hash: 'h',
      private_metadata: options.privateMetadata ?? '',
      state: { values },
      root_view_id: options.previousViewId ?? options.viewId ?? 'VFORM',
      previous_view_id: options.previousViewId ?? null,
    },
  };
}

/** All text of a Block Kit value (blocks, a view, a message), for assertions on words. */
export function textOf(value: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(value);
  return out.join(' ');
}

/** The action ids present in a Block Kit value. */
export function actionIdsOf(value: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['action_id'] === 'string') ids.push(record['action_id']);
      Object.values(record).forEach(walk);
    }
  };
  walk(value);
  return ids;
}

/**
 * Runs `body` while the store's lock is held, as if by another process; `release()` frees it,
 * and it is freed afterwards in any case.
 */
export async function whileLocked(h: FileHarness, body: (release: () => Promise<void>) => Promise<void>): Promise<void> {
  const lock = await holdLock(h.storeFile);
  let released = false;
  const release = async () => {
    if (!released) await lock.release();
    released = true;
  };
  try {
    await body(release);
  } finally {
    await release();
  }
}

/** Polls `check` every 10 ms until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
