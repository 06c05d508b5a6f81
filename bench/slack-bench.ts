import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { createSlackApp } from '../src/slack/app.ts';
import { SLACK_EVENTS_PATH } from '../src/slack/config.ts';
import type { Core } from '../src/core/core.ts';
import { BENCH_TEAM_ID, slackUserIdOf } from './seed.ts';
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET, FakeSlack, signedCommand } from './fake-slack.ts';
import { interleave, Measured, type Comparison } from './stats.ts';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/**
 * The requester, on its own thread, as Slack is in its own process: it times a request from
 * sending to the response's last byte. In the server's thread it would also wait for whatever
 * the server does after answering (the status reply), which Slack never waits for: the answer
 * is written to the socket when ack() runs.
 */
const CLIENT_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, headers, body }) => {
  try {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.text();
    parentPort.postMessage({ status: response.status, elapsed: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

class LoopbackClient {
  private readonly worker = new Worker(CLIENT_SOURCE, { eval: true });

  /** POSTs `body` to `url` from the client thread; resolves to the status and the elapsed ms. */
  post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; elapsed: number }> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (reply: { status: number; elapsed: number } | { error: string }) =>
        'error' in reply ? reject(new Error(reply.error)) : resolve(reply),
      );
      this.worker.postMessage({ url, headers, body });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

const urlOf = (server: unknown) => `http://127.0.0.1:${((server as { address(): AddressInfo }).address()).port}${SLACK_EVENTS_PATH}`;

/**
 * `/kbc status` by a linked user, signed, over loopback: the real app (createSlackApp on this
 * core, production settings: the HTTP response goes out at ack()) against a bare Bolt app whose
 * only listener acks. Time = fetch sent → response body received, on a client thread. The real app's work after
 * the ack (the status reply to response_url) is awaited between samples, untimed, so it does
 * not spill into the next sample.
 */
export async function benchSlackAck(core: Core, budgetMs: number): Promise<Comparison> {
  const fake = await FakeSlack.start();
  const slack = createSlackApp({
    core,
    config: { botToken: BENCH_BOT_TOKEN, signingSecret: BENCH_SIGNING_SECRET, appToken: null, port: 0, apiUrl: fake.apiUrl, tokenRequiresMfa: true },
    logger: silent,
    logLevel: LogLevel.ERROR,
    bot: { botId: 'BBOT', botUserId: 'UBOT' },
    delivery: { autoStart: false },
  });
  const { port } = await slack.start();
  const subjectUrl = `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`;

  const bare = new App({
    receiver: new HTTPReceiver({ signingSecret: BENCH_SIGNING_SECRET, endpoints: SLACK_EVENTS_PATH, logger: silent }),
    authorize: async () => ({ botToken: BENCH_BOT_TOKEN, botId: 'BBOT', botUserId: 'UBOT' }),
    logger: silent,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  bare.command(/^\/.+/, async ({ ack }) => {
    await ack();
  });
  const bareUrl = urlOf(await bare.start(0));

  const user = { teamId: BENCH_TEAM_ID, userId: slackUserIdOf(0) };
  const client = new LoopbackClient();
  let expected = 0;
  const post = async (url: string) => {
    const { body, headers } = signedCommand(fake, user, 'status');
    const { status, elapsed } = await client.post(url, headers, body);
    if (status !== 200) throw new Error(`${url} answered ${status}`);
    return elapsed;
  };
  try {
    return await interleave({
      subject: async () => {
        const elapsed = await post(subjectUrl);
        expected++;
        return new Measured(elapsed);
      },
      baseline: async () => new Measured(await post(bareUrl)),
      between: () => fake.waitForResponses(expected),
      warmup: 20,
      minPairs: 50,
      maxPairs: 400,
      budgetMs,
    });
  } finally {
    await client.close();
    await slack.stop();
    await bare.stop();
    await fake.close();
  }
}
