import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents } from '../support/core.ts';
import { ANN, BOB, EVE, linkSlack, signature, startHarness, textOf, type Harness } from './support/harness.ts';

/** Words in a message that must never reach the log or the store. */
const PRIVATE_WORDS = 'the-quarterly-numbers-are-secret';

/** A `message` event in public channel C0GENERAL, as Slack sends it for message.channels. */
const posted = (user: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: 'C0GENERAL',
  channel_type: 'channel',
  user,
  text,
  ts: '1700000000.000200',
  event_ts: '1700000000.000200',
  ...extra,
});

async function setUp() {
  const h = await startHarness();
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const { token, secret } = await h.core.tokens.create(ann, { description: 'CI deploys', expiresInDays: 30 });
  return { h, ann, token, secret };
}

const ephemerals = (h: Harness) => h.api.callsTo('chat.postEphemeral').map((call) => call.args);

describe('leak detection in channels', () => {
  it('revokes a token posted in a channel at once, tells the poster privately by its hint, and the owner in the bell and by DM', async () => {
    const { h, ann, token, secret } = await setUp();
    const response = await h.event(BOB, posted(BOB.userId, `here you go: ${secret} (${PRIVATE_WORDS})`));
    expect(response.status).toBe(200);

    await expect(h.core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED', details: { reason: 'leaked' } });
    const [ephemeral, ...more] = ephemerals(h);
    expect(more).toEqual([]);
    expect(ephemeral).toMatchObject({ channel: 'C0GENERAL', user: BOB.userId });
    expect(textOf(ephemeral)).toContain(`…${token.hint}`);
    expect(JSON.stringify(ephemeral)).not.toContain(secret);

    const [event] = (await h.core.accounts.securityActivity(ann)).filter((e) => e.type === 'token.revoked');
    expect(event?.details).toEqual({
      description: 'CI deploys',
      hint: token.hint,
      reason: 'leaked',
      source: 'slack_leak_detection',
      where: 'Slack channel C0GENERAL, posted by Slack user U0BOB',
    });
    expect((await h.core.notifications.listForAccount(ann)).items.map((n) => n.title)).toEqual([
      `Access token "CI deploys" (ending in ${token.hint}) was revoked: it leaked`,
    ]);
    // The owner's DM goes out through the outbox like any notification.
    await h.slack.delivery.deliverDue();
    const dms = h.api.callsTo('chat.postMessage').filter((call) => call.args['channel'] === ANN.userId);
    expect(dms.map((dm) => textOf(dm.args)).filter((words) => words.includes('was revoked: it leaked'))).toHaveLength(1);

    // Neither the message nor the token is kept or logged anywhere.
    const stored = await storeContents(h.store);
    expect(stored).not.toContain(PRIVATE_WORDS);
    expect(stored).not.toContain(secret);
    expect(h.logs.join('\n')).not.toContain(PRIVATE_WORDS);
    expect(h.logs.join('\n')).not.toContain(secret);
  });

  it('revokes a token added by editing a message, and one in a bot’s message (nobody to tell then)', async () => {
    const { h, ann, secret } = await setUp();
    const other = await h.core.tokens.create(ann, { description: 'other', expiresInDays: 30 });
    await h.event(EVE, { type: 'message', subtype: 'message_changed', channel: 'C0GENERAL', message: { type: 'message', user: EVE.userId, text: `oops ${secret}` }, ts: '1.2' });
    await expect(h.core.tokens.verify(secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(ephemerals(h)).toEqual([expect.objectContaining({ user: EVE.userId })]);

    await h.event(EVE, { type: 'message', subtype: 'bot_message', bot_id: 'B0CI', channel: 'C0GENERAL', text: `KBC_TOKEN=${other.secret}`, ts: '1.3' });
    await expect(h.core.tokens.verify(other.secret)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(ephemerals(h)).toHaveLength(1);
  });

  it('changes nothing and says nothing for messages without a valid token', async () => {
    const { h, secret } = await setUp();
    const before = await storeContents(h.store);
    const badChecksum = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const text of ['hello', `${badChecksum}`, `kbcm_${'x'.repeat(36)}`, `x${secret}`, secret.slice(0, -1)]) {
      expect((await h.event(BOB, posted(BOB.userId, text))).status).toBe(200);
    }
    await h.event(BOB, { type: 'message', subtype: 'message_deleted', channel: 'C0GENERAL', previous_message: { text: secret }, ts: '1.4' });
    expect(await storeContents(h.store)).toBe(before);
    expect(ephemerals(h)).toEqual([]);
    await expect(h.core.tokens.verify(secret)).resolves.toBeDefined();
  });

  it('tells the poster the same way whether the token existed or not', async () => {
    const { h, ann, secret } = await setUp();
    const { core: elsewhere } = await import('../support/core.ts').then((support) => support.testCore());
    const unknown = (await elsewhere.tokens.create(await makeAccount(elsewhere, 'x@example.com'), { description: 'x', expiresInDays: 1 })).secret;
    await h.event(BOB, posted(BOB.userId, unknown));
    await h.event(BOB, posted(BOB.userId, secret));
    const [forUnknown, forKnown] = ephemerals(h).map((args) => textOf(args).replace(/…[0-9A-Za-z]{4}/g, '…xxxx'));
    expect(forUnknown).toBe(forKnown);
    expect((await h.core.accounts.securityActivity(ann)).filter((e) => e.type === 'token.revoked')).toHaveLength(1);
  });

  it('refuses an unsigned or wrongly signed event: nothing is revoked', async () => {
    const { h, secret } = await setUp();
    const body = JSON.stringify({ token: 'x', team_id: 'T0001', api_app_id: 'A0KBC', type: 'event_callback', event_id: 'Ev9', event_time: 1, event: posted(BOB.userId, secret) });
    const now = Math.floor(Date.now() / 1000);
    expect((await h.post(body, { contentType: 'application/json', signature: null })).status).toBe(401);
    expect((await h.post(body, { contentType: 'application/json', signature: signature(body, now, 'another-secret') })).status).toBe(401);
    expect((await h.post(body, { contentType: 'application/json', timestamp: now - 600, signature: signature(body, now - 600) })).status).toBe(401);
    await expect(h.core.tokens.verify(secret)).resolves.toBeDefined();
  });
});
