import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../../support/core.ts';

const TEAM = 'T0TEAM';
const MINUTE = 60_000;

const link = (core: ReturnType<typeof testCore>['core'], userId: string, code: string) =>
  core.slackLink.link({ code, teamId: TEAM, userId }).then(
    () => ({ code: 'LINKED' }),
    (e: { code: string; details: unknown }) => ({ code: e.code, details: e.details }),
  );

/** Well-formed link codes that were never issued. */
const guess = (i: number) => `ABCD-${'EFGHJKMN'[i % 8]}${'PQRSTUVW'[Math.floor(i / 8) % 8]}${'XYZ2'[Math.floor(i / 64) % 4]}3`;

describe('Slack link code guesses', () => {
  it('refuses a Slack user after 5 unknown codes with TOO_MANY_ATTEMPTS, even a real code, until the wait passed', async () => {
    const { core, clock } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const { code } = await core.slackLink.createLinkCode(ann);
    for (let i = 0; i < 4; i++) expect(await link(core, 'U0MALLORY', guess(i))).toMatchObject({ code: 'SLACK_LINK_CODE_INVALID' });
    const retryAfter = new Date(clock.now().getTime() + MINUTE).toISOString();
    expect(await link(core, 'U0MALLORY', guess(4))).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { scope: 'slack-link', retryAfter } });
    expect(await link(core, 'U0MALLORY', code)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    // Another Slack user is not held up by Mallory's guesses.
    expect(await link(core, 'U0ANN', code)).toEqual({ code: 'LINKED' });
  });

  it('answers the code a Slack user linked with, sent again, as linked: no write and no wrong guess counted', async () => {
    const { core, store } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const { code } = await core.slackLink.createLinkCode(ann);
    expect(await link(core, 'U0ANN', code)).toEqual({ code: 'LINKED' });
    const before = await store.changeSignal();
    for (let i = 0; i < 6; i++) expect(await link(core, 'U0ANN', code)).toEqual({ code: 'LINKED' });
    expect(await store.changeSignal()).toBe(before);
    // Anyone else sending that used code is guessing.
    expect(await link(core, 'U0MALLORY', code)).toMatchObject({ code: 'SLACK_LINK_CODE_INVALID' });
  });

  it('makes no store write for a flood of wrong codes once a wait runs', async () => {
    const { core, store } = testCore();
    await makeAccount(core, 'ann@example.com');
    for (let i = 0; i < 5; i++) await link(core, 'U0MALLORY', guess(i));
    const before = await store.changeSignal();
    const flood = await Promise.all(Array.from({ length: 300 }, (_, i) => link(core, 'U0MALLORY', guess(i + 5))));
    expect(new Set(flood.map((outcome) => outcome.code))).toEqual(new Set(['TOO_MANY_ATTEMPTS']));
    expect(await store.changeSignal()).toBe(before);
  });

  it('counts only the free guesses when a flood arrives in parallel', async () => {
    const { core } = testCore();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => link(core, 'U0MALLORY', guess(i))));
    expect(outcomes.filter((o) => o.code === 'SLACK_LINK_CODE_INVALID')).toHaveLength(4);
    expect(outcomes.filter((o) => o.code === 'TOO_MANY_ATTEMPTS')).toHaveLength(46);
  });

  it('records one slack.link_throttled event on the guessing Slack user’s own account', async () => {
    const { core } = testCore();
    const mallory = await makeAccount(core, 'mallory@example.com');
    const { code } = await core.slackLink.createLinkCode(mallory);
    await link(core, 'U0MALLORY', code);
    for (let i = 0; i < 20; i++) await link(core, 'U0MALLORY', guess(i));
    const events = (await core.accounts.securityActivity(mallory)).filter((e) => e.type === 'slack.link_throttled');
    expect(events).toEqual([expect.objectContaining({ details: expect.objectContaining({ userId: 'U0MALLORY', failures: 5 }) })]);
  });
});
