import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { ANN, click, linkSlack, startHarness } from './support/harness.ts';

describe('a 429 on views.open', () => {
  it('tells the user of a command that Slack is busy and when to try again', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    h.api.failNext('views.open', { status: 429, retryAfter: 7 });
    expect((await h.command(ANN, 'tokens')).status).toBe(200);
    const [reply] = h.replies();
    expect(reply).toContain('Slack is busy');
    expect(reply).toContain('try again in 7 seconds');
    expect(reply).not.toContain('in time');
    // Not waited out inside the call: one views.open, no views.update.
    expect(h.api.callsTo('views.open')).toHaveLength(1);
    expect(h.api.callsTo('views.update')).toHaveLength(0);
  });

  it('tells the user of a button the same, in one second when Slack says 1', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    h.api.failNext('views.open', { status: 429, retryAfter: 1 });
    const response = await h.interact(click(h, ANN, ACTION.openTokens, undefined, { kind: 'message', channel: 'D0ANN', ts: '1.1' }));
    expect(response.status).toBe(200);
    expect(h.replies().join('\n')).toContain('Slack is busy right now and did not open the window. Please try again in 1 second.');
  });
});
