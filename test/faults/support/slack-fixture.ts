import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { STORE_FILE, type Core, type FakeClock, type SlackUser } from '../../../src/core/index.ts';
import { createSlackApp, type SlackApp } from '../../../src/slack/app.ts';
import { SLACK_EVENTS_PATH } from '../../../src/slack/config.ts';
import { CALLBACK } from '../../../src/slack/ids.ts';
import { fileCore } from '../../support/core.ts';
import { FakeSlackApi } from '../../slack/support/fake-slack-api.ts';
import { blockActionsPayload, slashCommandBody } from '../../slack/support/slack-requests.ts';
import { BOT_TOKEN, captureLogger, signature, SIGNING_SECRET } from '../../slack/support/harness.ts';

/**
 * The real Slack app (createSlackApp: Bolt's HTTP receiver, the payload guard, every listener) on
 * a FILE core, talking to the fake Slack Web API: the store file's bytes show whether a request
 * changed anything. Unlike test/slack/support/harness.ts (a memory core), this is the production
 * wiring end to end.
 */
export interface SlackFixture {
  readonly core: Core;
  readonly clock: FakeClock;
  readonly api: FakeSlackApi;
  readonly slack: SlackApp;
  readonly logs: string[];
  readonly url: string;
  /** The store file's bytes, as text. */
  state(): Promise<string>;
  post(body: string | Buffer, options?: PostOptions): Promise<Response>;
  /** A form-encoded interactive payload, signed now. */
  interact(payload: unknown): Promise<Response>;
  /** `/kbc TEXT` by `user`. */
  command(user: SlackUser, text: string): Promise<Response>;
  /** The text of the ephemeral replies so far. */
  replies(): string;
}

export interface PostOptions {
  readonly timestamp?: number | string | null;
  /** A given header value; null: no header; undefined: the correct signature. */
  readonly signature?: string | null;
  readonly contentType?: string | null;
  readonly headers?: Record<string, string>;
}

const open: SlackFixture[] = [];
afterEach(async () => {
  for (const fixture of open.splice(0)) {
    await fixture.slack.stop();
    await fixture.api.close();
  }
});

export async function startSlackFixture(): Promise<SlackFixture> {
  const { core, clock, dataDir } = await fileCore();
  const api = await FakeSlackApi.start();
  const logger = captureLogger();
  const slack = createSlackApp({
    core,
    config: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: null, port: 0, apiUrl: api.apiUrl, tokenRequiresMfa: true },
    logger,
    logLevel: LogLevel.DEBUG,
    bot: { botId: 'BBOT', botUserId: 'UBOT' },
    // Respond after the listener, so its effects (and replies) are there when the response is.
    processBeforeResponse: true,
    unhandledRequestTimeoutMillis: 300,
    delivery: { autoStart: false },
  });
  const { port } = await slack.start();
  const url = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;

  async function post(body: string | Buffer, options: PostOptions = {}): Promise<Response> {
    const timestamp = options.timestamp === undefined ? Math.floor(Date.now() / 1000) : options.timestamp;
    const headers: Record<string, string> = { ...options.headers };
    if (options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/x-www-form-urlencoded';
    if (timestamp !== null) headers['x-slack-request-timestamp'] = String(timestamp);
    const signed = options.signature === undefined ? signature(body.toString(), Number(timestamp)) : options.signature;
    if (signed !== null) headers['x-slack-signature'] = signed;
    return fetch(url, { method: 'POST', headers, body });
  }

  const fixture: SlackFixture = {
    core,
    clock,
    api,
    slack,
    logs: logger.lines,
    url,
    state: () => readFile(join(dataDir, STORE_FILE), 'utf8'),
    post,
    interact: (payload) => post(formPayload(payload)),
    command: (user, text) => post(commandBody(user, text, api.responseUrl())),
    replies: () => api.responses.map((response) => `${String(response.body['text'] ?? '')} ${JSON.stringify(response.body['blocks'] ?? '')}`).join('\n'),
  };
  open.push(fixture);
  return fixture;
}

export const formPayload = (payload: unknown): string => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export function commandBody(user: SlackUser, text: string, responseUrl: string): string {
  return slashCommandBody(user, text, responseUrl);
}

export type Where = { readonly kind: 'message'; readonly responseUrl: string } | { readonly kind: 'modal'; readonly viewId: string; readonly privateMetadata: string } | { readonly kind: 'home' };

/** A block_actions payload: `user` clicked the button `actionId` carrying `value`. */
export function blockAction(user: SlackUser, actionId: string, value: string | undefined, where: Where): Record<string, unknown> {
  return blockActionsPayload(
    user,
    actionId,
    value,
    where.kind === 'message'
      ? { kind: 'message', channel: 'D0DM', ts: '1700000000.000100', responseUrl: where.responseUrl }
      : where.kind === 'modal'
        ? { kind: 'modal', viewId: where.viewId, callbackId: CALLBACK.invitations, privateMetadata: where.privateMetadata }
        : { kind: 'home' },
  );
}

/** Asserts the receiver still answers a good request: the health check and a signed `/kbc help`. */
export async function expectAlive(fixture: SlackFixture, user: SlackUser): Promise<void> {
  expect((await fetch(fixture.url.replace(SLACK_EVENTS_PATH, '/healthz'))).status).toBe(200);
  const before = fixture.api.responses.length;
  expect((await fixture.command(user, 'help')).status).toBe(200);
  expect(fixture.api.responses.slice(before).map((response) => JSON.stringify(response.body)).join()).toContain('/kbc link');
}
