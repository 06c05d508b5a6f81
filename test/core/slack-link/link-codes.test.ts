import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, FakeClock, fastTestHasher, LINK_CODE_TTL_MINUTES } from '../../../src/core/index.ts';
import { makeAccount, TEST_SECRET_KEY, testCore, testStore } from '../../support/core.ts';
import { linkCodes, linkedAccountIds, recordingStore } from './support.ts';

const slackUser = { teamId: 'T0TEAM', userId: 'U0ANN' };

describe('Slack link codes', () => {
  it('issues an 8-symbol code shown as ABCD-EFGH that expires after 10 minutes', async () => {
    const { core, clock } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    const issued = await core.slackLink.createLinkCode(accountId);
    expect(issued.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(LINK_CODE_TTL_MINUTES).toBe(10);
    expect(issued.expiresAt).toBe(new Date(clock.now().getTime() + 10 * 60_000).toISOString());
  });

  it('stores only a keyed hash of the code and never puts the code in the security log', async () => {
    const { store, touched } = recordingStore(testStore());
    const core = createCore({ store, clock: new FakeClock(), hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
    const accountId = await makeAccount(core, 'ann@example.com');
    const { code } = await core.slackLink.createLinkCode(accountId);
    const canonical = code.replace('-', '');
    // Everything any transaction stored, and every stored link code.
    const codes = await linkCodes(store);
    const text = JSON.stringify([touched, codes]);
    expect(touched.length).toBeGreaterThan(0);
    expect(text).not.toContain(canonical);
    expect(text).not.toContain(code);
    expect(Object.keys(codes)).toEqual([createSecretBox(TEST_SECRET_KEY).mac(canonical)]);
    const events = await core.accounts.securityActivity(accountId);
    expect(events.map((event) => event.type)).toContain('slack.link_code_created');
  });

  it('accepts the code in any case, with or without the dash or spaces', async () => {
    const { core } = testCore();
    const variants = (code: string) => [code, code.toLowerCase(), code.replace('-', ''), ` ${code.replace('-', ' ').toLowerCase()} `];
    for (const [index, form] of [0, 1, 2, 3].entries()) {
      const accountId = await makeAccount(core, `user${index}@example.com`);
      const { code } = await core.slackLink.createLinkCode(accountId);
      const typed = variants(code)[form]!;
      const linked = await core.slackLink.link({ code: typed, teamId: 'T0TEAM', userId: `U0USER${index}` });
      expect(linked.id).toBe(accountId);
    }
  });

  it('refuses malformed codes as invalid', async () => {
    const { core } = testCore();
    for (const code of ['', 'ABCD-EFG', 'ABCD-EFGHJ', 'ABCD-EF0H', 'ABCD_EFGH', 'ABCDEFG!']) {
      await expect(core.slackLink.link({ code, ...slackUser })).rejects.toMatchObject({
        code: 'SLACK_LINK_CODE_INVALID',
        details: { reason: 'malformed' },
      });
    }
  });

  it('refuses a well-formed code nobody issued', async () => {
    const { core } = testCore();
    await expect(core.slackLink.link({ code: 'ABCD-EFGH', ...slackUser })).rejects.toMatchObject({
      code: 'SLACK_LINK_CODE_INVALID',
      details: { reason: 'unknown' },
    });
  });

  it('works until just before 10 minutes and is expired at exactly 10 minutes', async () => {
    const { core, clock } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    const early = await core.slackLink.createLinkCode(ann);
    const late = await core.slackLink.createLinkCode(bob);
    clock.advance({ minutes: 10, ms: -1 });
    await expect(core.slackLink.link({ code: early.code, ...slackUser })).resolves.toMatchObject({ id: ann });
    clock.advance({ ms: 1 });
    await expect(core.slackLink.link({ code: late.code, teamId: 'T0TEAM', userId: 'U0BOB' })).rejects.toMatchObject({
      code: 'SLACK_LINK_CODE_EXPIRED',
      details: { expiredAt: late.expiresAt },
    });
  });

  it('can be used only once', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    const { code } = await core.slackLink.createLinkCode(accountId);
    await core.slackLink.link({ code, ...slackUser });
    // The same Slack user sending it again (a retried request) is told it is linked; nothing happens twice.
    await expect(core.slackLink.link({ code, ...slackUser })).resolves.toMatchObject({ id: accountId });
    expect((await core.accounts.securityActivity(accountId)).filter((event) => event.type === 'slack.linked')).toHaveLength(1);
    await expect(core.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0OTHER' })).rejects.toMatchObject({
      code: 'SLACK_LINK_CODE_INVALID',
    });
  });

  it('is consumed exactly once when two Slack users race for it', async () => {
    const { core, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    const { code } = await core.slackLink.createLinkCode(accountId);
    const results = await Promise.allSettled([
      core.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0ONE' }),
      core.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0TWO' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'SLACK_LINK_CODE_INVALID' } });
    expect(await linkedAccountIds(store)).toEqual([accountId]);
  });

  it('invalidates the previous unused code when a new one is issued', async () => {
    const { core, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    const first = await core.slackLink.createLinkCode(accountId);
    const second = await core.slackLink.createLinkCode(accountId);
    expect(Object.keys(await linkCodes(store))).toHaveLength(1);
    await expect(core.slackLink.link({ code: first.code, ...slackUser })).rejects.toMatchObject({ code: 'SLACK_LINK_CODE_INVALID' });
    await expect(core.slackLink.link({ code: second.code, ...slackUser })).resolves.toMatchObject({ id: accountId });
  });

  it("does not touch other accounts' codes", async () => {
    const { core } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    const annCode = await core.slackLink.createLinkCode(ann);
    await core.slackLink.createLinkCode(bob);
    await expect(core.slackLink.link({ code: annCode.code, ...slackUser })).resolves.toMatchObject({ id: ann });
  });

  it('prunes codes a day after they expired, so late typists still hear "expired" first', async () => {
    const { core, clock, store } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    const stale = await core.slackLink.createLinkCode(ann);
    clock.advance({ hours: 5 });
    await core.slackLink.createLinkCode(bob);
    expect(Object.keys(await linkCodes(store))).toHaveLength(2);
    await expect(core.slackLink.link({ code: stale.code, ...slackUser })).rejects.toMatchObject({ code: 'SLACK_LINK_CODE_EXPIRED' });
    clock.advance({ days: 1 });
    await core.slackLink.createLinkCode(bob);
    const codes = Object.values(await linkCodes(store));
    expect(codes.map((pending) => pending.accountId)).toEqual([bob]);
  });

  it('refuses to issue a code for an unknown account', async () => {
    const { core } = testCore();
    await expect(core.slackLink.createLinkCode('acc_missing')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});
