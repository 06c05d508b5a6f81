import type { AddressInfo } from 'node:net';
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

const urlOf = (server: unknown) => `http://127.0.0.1:${((server as { address(): AddressInfo }).address()).port}${SLACK_EVENTS_PATH}`;

/**
 * `/kbc status` by a linked user, signed, over loopback: the real app (createSlackApp on this
 * core, production settings: the HTTP response goes out at ack()) against a bare Bolt app whose
 * only listener acks. Time = fetch sent → response body received. The real app's work after
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
  let expected = 0;
  const post = async (url: string) => {
    const { body, headers } = signedCommand(fake, user, 'status');
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
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
    await slack.stop();
    await bare.stop();
    await fake.close();
  }
}
