import { SocketModeReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/slack/app.ts';
import { testCore } from '../support/core.ts';
import { FakeSlackApi } from './support/fake-slack-api.ts';
import { BOT_TOKEN, captureLogger, SIGNING_SECRET } from './support/harness.ts';

describe('createSlackApp', () => {
  it('builds a Socket Mode app when SLACK_APP_TOKEN is set, calling nothing before start', async () => {
    const api = await FakeSlackApi.start();
    try {
      const { core } = testCore();
      const logger = captureLogger();
      const slack = createSlackApp({
        core,
        logger,
        config: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: 'xapp-test', port: 0, apiUrl: api.apiUrl, tokenRequiresMfa: true },
      });
      // Bolt keeps its receiver private; which kind it is decides Socket Mode versus HTTP.
      expect((slack.app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
      expect(api.calls).toHaveLength(0);
      expect(logger.lines.join('\n')).not.toContain(BOT_TOKEN);
    } finally {
      await api.close();
    }
  });
});
