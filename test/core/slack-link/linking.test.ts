import { describe, expect, it } from 'vitest';
import { makeAccount, stored, testCore } from '../../support/core.ts';
import { enqueue, outboxEntries, slackMessages } from '../outbox/support.ts';

const TEAM = 'T0TEAM';

async function linkWithFreshCode(core: ReturnType<typeof testCore>['core'], accountId: string, userId: string) {
  const { code } = await core.slackLink.createLinkCode(accountId);
  return core.slackLink.link({ code, teamId: TEAM, userId });
}

describe('linking a Slack user', () => {
  it('binds the Slack user to the account and answers with the account', async () => {
    const { core, clock } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    const linked = await linkWithFreshCode(core, accountId, 'U0ANN');
    expect(linked).toMatchObject({ id: accountId, email: 'ann@example.com' });
    expect(await core.slackLink.linkFor(accountId)).toEqual({ teamId: TEAM, userId: 'U0ANN', linkedAt: clock.now().toISOString() });
    expect(await core.slackLink.accountForSlackUser({ teamId: TEAM, userId: 'U0ANN' })).toMatchObject({ id: accountId });
  });

  it('records slack.linked with the Slack ids and queues a confirmation DM', async () => {
    const { core, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    const [latest] = await core.accounts.securityActivity(accountId);
    expect(latest).toMatchObject({ type: 'slack.linked', details: { teamId: TEAM, userId: 'U0ANN', replaced: false } });
    const entries = Object.values(await outboxEntries(store));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'slack.linked',
      accountId,
      ref: `slack-link:${accountId}`,
      status: 'pending',
      payload: { email: 'ann@example.com', teamId: TEAM, userId: 'U0ANN' },
    });
  });

  it('finds no account for a Slack user who never linked, and no link for an account without one', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    expect(await core.slackLink.accountForSlackUser({ teamId: TEAM, userId: 'U0NOBODY' })).toBeNull();
    expect(await core.slackLink.linkFor(accountId)).toBeNull();
    await expect(core.slackLink.linkFor('acc_missing')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('recognises the Slack user from another workspace of the org (Grid, Slack Connect): the team is not the identity', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    expect(await core.slackLink.accountForSlackUser({ teamId: 'T0OTHER', userId: 'U0ANN' })).toMatchObject({ id: accountId });
  });

  it('keys a link made inside an Enterprise Grid org by enterprise and user id, whatever workspace a click comes from', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    const { code } = await core.slackLink.createLinkCode(accountId);
    await core.slackLink.link({ code, teamId: 'T0SALES', userId: 'W0ANN', enterpriseId: 'E0ACME' });
    expect(await core.slackLink.linkFor(accountId)).toMatchObject({ teamId: 'T0SALES', userId: 'W0ANN', enterpriseId: 'E0ACME' });
    expect(await core.slackLink.accountForSlackUser({ teamId: 'T0ENG', userId: 'W0ANN', enterpriseId: 'E0ACME' })).toMatchObject({ id: accountId });
    // The same user id under another enterprise is someone else.
    expect(await core.slackLink.accountForSlackUser({ teamId: 'T0ENG', userId: 'W0ANN', enterpriseId: 'E0OTHER' })).toBeNull();
    await expect(core.slackLink.unlinkSlackUser({ teamId: 'T0ENG', userId: 'W0ANN', enterpriseId: 'E0ACME' })).resolves.toMatchObject({ id: accountId });
  });

  it('finds a link made before the enterprise was known from a request inside the org, and keys it by the enterprise on the next link', async () => {
    const { core, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'W0ANN');
    const grid = { teamId: 'T0ENG', userId: 'W0ANN', enterpriseId: 'E0ACME' };
    expect(await core.slackLink.accountForSlackUser(grid)).toMatchObject({ id: accountId });
    const { code } = await core.slackLink.createLinkCode(accountId);
    await core.slackLink.link({ code, ...grid });
    const [latest] = await core.accounts.securityActivity(accountId);
    // The same person: not a move to another Slack user.
    expect(latest).toMatchObject({ type: 'slack.linked', details: { replaced: false } });
    const keyed = await store.view((view) => view.find('slackLinks', 'slackUser', 'E0ACME\u001fW0ANN'));
    expect(keyed.map((link) => link.accountId)).toEqual([accountId]);
  });

  it('refuses a malformed enterprise id', async () => {
    const { core } = testCore();
    await expect(core.slackLink.accountForSlackUser({ teamId: TEAM, userId: 'U0ANN', enterpriseId: 'E 1' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses a Slack user already linked to another account, and keeps the code usable', async () => {
    const { core } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await linkWithFreshCode(core, ann, 'U0SHARED');
    const { code } = await core.slackLink.createLinkCode(bob);
    await expect(core.slackLink.link({ code, teamId: TEAM, userId: 'U0SHARED' })).rejects.toMatchObject({
      code: 'SLACK_USER_ALREADY_LINKED',
    });
    expect(await core.slackLink.accountForSlackUser({ teamId: TEAM, userId: 'U0SHARED' })).toMatchObject({ id: ann });
    await core.slackLink.unlinkSlackUser({ teamId: TEAM, userId: 'U0SHARED' });
    await expect(core.slackLink.link({ code, teamId: TEAM, userId: 'U0SHARED' })).resolves.toMatchObject({ id: bob });
  });

  it('moves an account to a new Slack user, ending the old link, never silently', async () => {
    const { core, clock } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0OLD');
    clock.advance({ minutes: 1 });
    await linkWithFreshCode(core, accountId, 'U0NEW');
    expect(await core.slackLink.linkFor(accountId)).toMatchObject({ userId: 'U0NEW', linkedAt: clock.now().toISOString() });
    expect(await core.slackLink.accountForSlackUser({ teamId: TEAM, userId: 'U0OLD' })).toBeNull();
    const [moved, linked, unlinked] = await core.accounts.securityActivity(accountId);
    expect(moved).toMatchObject({ type: 'slack.link_replaced', details: { userId: 'U0NEW', previousUserId: 'U0OLD' } });
    expect(unlinked).toMatchObject({ type: 'slack.unlinked', details: { userId: 'U0OLD', via: 'replaced' } });
    expect(linked).toMatchObject({ type: 'slack.linked', details: { userId: 'U0NEW', replaced: true } });
  });

  it('tells the old Slack user in a DM addressed to them when the account moves to another Slack user', async () => {
    const { core, clock, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0OLD');
    clock.advance({ minutes: 1 });
    await linkWithFreshCode(core, accountId, 'U0NEW');
    const told = Object.values(await outboxEntries(store)).filter((entry) => entry.kind === 'slack.unlinked');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      status: 'pending',
      accountId,
      recipient: { teamId: TEAM, userId: 'U0OLD' },
      payload: { email: 'ann@example.com', reason: 'replaced', at: clock.now().toISOString() },
    });
    // Delivered to the old user though the account is linked to the new one now.
    const claimed = await core.outbox.claim({ workerId: 'w1', limit: 10 });
    expect(claimed.map((c) => [c.entry.kind, c.slack.userId])).toEqual([
      ['slack.unlinked', 'U0OLD'],
      ['slack.linked', 'U0NEW'],
    ]);
  });

  it("drops the old Slack user's undelivered messages when the account moves to a new one", async () => {
    const { core, clock, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0OLD');
    const oldEntry = await enqueue(store, clock, accountId, 'invitation:inv_1', 'invitation.created');
    await linkWithFreshCode(core, accountId, 'U0NEW');
    expect(await stored(store, 'outbox', oldEntry!)).toMatchObject({ status: 'failed' });
    const pending = Object.values(await outboxEntries(store)).filter((entry) => entry.status === 'pending');
    expect(pending.map((entry) => [entry.kind, entry.recipient?.userId ?? entry.payload['userId']])).toEqual([
      ['slack.unlinked', 'U0OLD'],
      ['slack.linked', 'U0NEW'],
    ]);
  });

  it('re-linking the same Slack user keeps the link and its pending messages', async () => {
    const { core, clock, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    const linkedAt = clock.now().toISOString();
    const entry = await enqueue(store, clock, accountId, 'invitation:inv_1', 'invitation.created');
    clock.advance({ minutes: 3 });
    await linkWithFreshCode(core, accountId, 'U0ANN');
    expect(await core.slackLink.linkFor(accountId)).toMatchObject({ userId: 'U0ANN', linkedAt });
    expect(await stored(store, 'outbox', entry!)).toMatchObject({ status: 'pending' });
  });

  it('refuses malformed Slack ids before looking at the code', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    const { code } = await core.slackLink.createLinkCode(accountId);
    for (const ids of [{ teamId: '', userId: 'U0ANN' }, { teamId: TEAM, userId: 'U0 ANN' }, { teamId: TEAM, userId: 'U'.repeat(33) }]) {
      await expect(core.slackLink.link({ code, ...ids })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(core.slackLink.link({ code, teamId: TEAM, userId: 'U0ANN' })).resolves.toMatchObject({ id: accountId });
  });
});

describe('unlinking', () => {
  it('unlinks from the dashboard and records slack.unlinked', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    await core.slackLink.unlink(accountId);
    expect(await core.slackLink.linkFor(accountId)).toBeNull();
    expect(await core.slackLink.accountForSlackUser({ teamId: TEAM, userId: 'U0ANN' })).toBeNull();
    const [latest] = await core.accounts.securityActivity(accountId);
    expect(latest).toMatchObject({ type: 'slack.unlinked', details: { teamId: TEAM, userId: 'U0ANN', via: 'account' } });
  });

  it('tells the Slack user unlinked from the dashboard in a DM, which a later link of the account does not drop', async () => {
    const { core, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    await core.slackLink.unlink(accountId);
    await linkWithFreshCode(core, accountId, 'U0NEW');
    await core.slackLink.unlink(accountId);
    const told = Object.values(await outboxEntries(store)).filter((entry) => entry.kind === 'slack.unlinked');
    expect(told.map((entry) => [entry.recipient?.userId, entry.payload['reason'], entry.status])).toEqual([
      ['U0ANN', 'account', 'pending'],
      ['U0NEW', 'account', 'pending'],
    ]);
  });

  it('sends no DM when the Slack user unlinked themselves (they got the reply)', async () => {
    const { core, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    await core.slackLink.unlinkSlackUser({ teamId: TEAM, userId: 'U0ANN' });
    expect(Object.values(await outboxEntries(store)).filter((entry) => entry.kind === 'slack.unlinked')).toEqual([]);
  });

  it('unlinks from Slack with /kbc unlink and says which account it was', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    await expect(core.slackLink.unlinkSlackUser({ teamId: TEAM, userId: 'U0ANN' })).resolves.toMatchObject({
      id: accountId,
      email: 'ann@example.com',
    });
    expect(await core.slackLink.linkFor(accountId)).toBeNull();
    const [latest] = await core.accounts.securityActivity(accountId);
    expect(latest).toMatchObject({ type: 'slack.unlinked', details: { via: 'slack' } });
  });

  it('says SLACK_NOT_LINKED when there is nothing to unlink', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await expect(core.slackLink.unlink(accountId)).rejects.toMatchObject({ code: 'SLACK_NOT_LINKED' });
    await expect(core.slackLink.unlinkSlackUser({ teamId: TEAM, userId: 'U0ANN' })).rejects.toMatchObject({ code: 'SLACK_NOT_LINKED' });
    await expect(core.slackLink.unlink('acc_missing')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it('gives up the pending Slack messages and forgets the recorded DMs of the account', async () => {
    const { core, clock, store } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    const [confirmation] = await core.outbox.claim({ workerId: 'w1' });
    await core.outbox.markDelivered(confirmation!.entry.id, 'w1', { channel: 'D0ANN', ts: '1.1' });
    const pending = await enqueue(store, clock, accountId, 'invitation:inv_1', 'invitation.created');
    await core.slackLink.unlink(accountId);
    expect(await stored(store, 'outbox', pending!)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('unlinked') });
    expect(await slackMessages(store)).toEqual({});
    const [latest] = await core.accounts.securityActivity(accountId);
    expect(latest).toMatchObject({ type: 'slack.unlinked', details: { droppedMessages: 1 } });
  });

  it('lets the account link again afterwards', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, 'ann@example.com');
    await linkWithFreshCode(core, accountId, 'U0ANN');
    await core.slackLink.unlink(accountId);
    await expect(linkWithFreshCode(core, accountId, 'U0ANN')).resolves.toMatchObject({ id: accountId });
  });
});
