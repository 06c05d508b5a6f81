import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import { audienceKeys } from '../../../src/core/notifications/indexes.ts';
import { makeAccount, stored, testCore } from '../../support/core.ts';
import { countingCore } from './counting-store.ts';
import { REMINDER_BATCH } from '../../../src/core/tokens/reminders.ts';
import { numericIdFor } from '../store/records.ts';

const NOW = '2026-01-15T09:00:00.000Z';

/** The titles of the notifications addressed to `accountId` alone, oldest first. */
async function notificationTitles(store: Store, accountId: string): Promise<string[]> {
  const [key] = audienceKeys({ type: 'accounts', accountIds: [accountId] });
  const page = await store.view((view) => view.page('notifications', 'audience', { key: key!, limit: 1000 }));
  return page.items.filter((n) => n.audience.type === 'accounts' && n.audience.accountIds.includes(accountId)).map((n) => n.title);
}

/** Every outbox entry waiting for delivery (no Slack process runs here), oldest first. */
async function pendingOutbox(store: Store) {
  return (await store.view((view) => view.page('outbox', 'pending', { key: 'pending', limit: 1000 }))).items;
}

async function expiringOutbox(store: Store): Promise<{ accountId: string; ref: string; payload: unknown }[]> {
  return (await pendingOutbox(store)).filter((entry) => entry.kind === 'token.expiring').map(({ accountId, ref, payload }) => ({ accountId, ref, payload }));
}

async function linkSlack(store: Store, accountId: string) {
  await store.transact(async (tx) => {
    tx.put('slackLinks', accountId, { accountId, teamId: 'T1', userId: `U-${accountId}`, linkedAt: NOW });
  });
}

async function tokenFor(core: Core, accountId: string, days: number, description = 'CI deploys') {
  return (await core.tokens.create(accountId, { description, expiresInDays: days })).token;
}


/** `count` tokens of `accountId` expiring on 14 Feb 2026, seeded in one transaction instead of hundreds of creates. */
async function seedExpiringTokens(store: Store, accountId: string, count: number, name: string): Promise<void> {
  await store.transact(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = `tok_${name}${String(i).padStart(4, '0')}`;
      tx.put('tokens', id, {
        id,
        numericId: numericIdFor(id),
        accountId,
        description: `token ${i}`,
        hash: `hash-${name}-${i}`,
        hint: String(i).padStart(4, '0'),
        createdAt: NOW,
        expiresAt: '2026-02-14T09:00:00.000Z',
        lastUsedAt: null,
        remindersSent: [],
      });
    }
  });
}

describe('token expiry reminders', () => {
  it('reminds once 7 days and once 1 day before expiry, with a notification to the owner only', async () => {
    const { core, clock, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await tokenFor(core, ann, 30);
    clock.advance({ days: 23, ms: -1 });
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    clock.advance({ ms: 1 });
    expect(await core.tokens.sendExpiryReminders()).toBe(1);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    expect(await notificationTitles(store, ann)).toEqual(['Access token "CI deploys" expires in 7 days']);
    clock.advance({ days: 5 });
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    clock.advance({ days: 1 });
    expect(await core.tokens.sendExpiryReminders()).toBe(1);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    clock.advance({ days: 2 });
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    expect(await notificationTitles(store, ann)).toEqual([
      'Access token "CI deploys" expires in 7 days',
      'Access token "CI deploys" expires in 1 day',
    ]);
    expect(await notificationTitles(store, bob)).toEqual([]);
    const [notification] = (await store.view((view) => view.page('notifications', 'all', { key: ALL, limit: 1 }))).items;
    expect(notification).toMatchObject({ kind: 'announcement', source: 'system', expiresAt: '2026-02-14T09:00:00.000Z' });
  });

  it('queues a token.expiring outbox entry per reminder for a Slack-linked owner', async () => {
    const { core, clock, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await linkSlack(store, ann);
    const token = await tokenFor(core, ann, 30);
    await tokenFor(core, bob, 30, 'unlinked');
    clock.advance({ days: 23 });
    expect(await core.tokens.sendExpiryReminders()).toBe(2);
    clock.advance({ days: 6 });
    expect(await core.tokens.sendExpiryReminders()).toBe(2);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    const payload = { tokenId: token.id, description: 'CI deploys', hint: token.hint, expiresAt: token.expiresAt };
    expect(await expiringOutbox(store)).toEqual([
      { accountId: ann, ref: `token:${token.id}:7d`, payload: { ...payload, reminder: '7d' } },
      { accountId: ann, ref: `token:${token.id}:1d`, payload: { ...payload, reminder: '1d' } },
    ]);
    // The reminder's notification must not queue a second DM of its own.
    const kinds = (await pendingOutbox(store)).map((entry) => entry.kind);
    expect(kinds).toEqual(['token.expiring', 'token.expiring']);
  });

  it('records token.expiring in the security activity without the secret', async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const secret = (await core.tokens.create(ann, { description: 'CI', expiresInDays: 10 })).secret;
    clock.advance({ days: 3 });
    await core.tokens.sendExpiryReminders();
    const [event] = await core.accounts.securityActivity(ann, 1);
    expect(event).toMatchObject({ type: 'token.expiring', details: { description: 'CI', reminder: '7d' } });
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('gives a token created with 3 days left only the 1-day reminder, when its time comes', async () => {
    const { core, clock, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await tokenFor(core, ann, 3);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    clock.advance({ days: 1 });
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    clock.advance({ days: 1 });
    expect(await core.tokens.sendExpiryReminders()).toBe(1);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    expect(await notificationTitles(store, ann)).toEqual(['Access token "CI deploys" expires in 1 day']);
  });

  it('sends no reminder whose moment is the creation itself (7 days, 1 day)', async () => {
    const { core, clock, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await tokenFor(core, ann, 7, 'week');
    await tokenFor(core, ann, 1, 'day');
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    clock.advance({ days: 6 });
    expect(await core.tokens.sendExpiryReminders()).toBe(1);
    expect(await notificationTitles(store, ann)).toEqual(['Access token "week" expires in 1 day']);
  });

  it('sends only the most urgent reminder after a long pause, and never the skipped one later', async () => {
    const { core, clock, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    await linkSlack(store, ann);
    const token = await tokenFor(core, ann, 30);
    clock.advance({ days: 29, hours: 12 });
    expect(await core.tokens.sendExpiryReminders()).toBe(1);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    expect(await notificationTitles(store, ann)).toEqual(['Access token "CI deploys" expires in 1 day']);
    expect((await expiringOutbox(store)).map((e) => e.ref)).toEqual([`token:${token.id}:1d`]);
    expect((await stored(store, 'tokens', token.id))!.remindersSent).toEqual(['7d', '1d']);
  });

  it('skips deleted and expired tokens', async () => {
    const { core, clock } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const deleted = await tokenFor(core, ann, 30, 'deleted');
    await tokenFor(core, ann, 10, 'expired unreminded');
    await core.tokens.delete(ann, deleted.id);
    clock.advance({ days: 29, hours: 12 });
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
  });

  it('touches the store only when something is due, and sends everything due in one transaction', async () => {
    const { core, clock, store } = countingCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    await tokenFor(core, ann, 20);
    await tokenFor(core, bob, 20);
    const before = store.transactions;
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    expect(store.transactions).toBe(before);
    clock.advance({ days: 13 });
    expect(await core.tokens.sendExpiryReminders()).toBe(2);
    expect(store.transactions).toBe(before + 1);
  });
});

describe('token expiry reminders, many at once', () => {
  it('sends every reminder due, however many pages of tokens it takes', async () => {
    const { core, clock, store } = testCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const count = 450;
    await seedExpiringTokens(store, ann, count, 'many');
    clock.advance({ days: 23 });
    expect(await core.tokens.sendExpiryReminders()).toBe(count);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    expect((await stored(store, 'tokens', 'tok_many0449'))!.remindersSent).toEqual(['7d']);
    expect(await notificationTitles(store, ann)).toHaveLength(count);
  });

  it('sends a backlog REMINDER_BATCH per transaction, each reminder once', async () => {
    const { core, clock, store } = countingCore(NOW);
    const ann = await makeAccount(core, 'ann@example.com');
    const count = REMINDER_BATCH * 2 + 1;
    await seedExpiringTokens(store, ann, count, 'batch');
    clock.advance({ days: 23 });
    const before = store.transactions;
    expect(await core.tokens.sendExpiryReminders()).toBe(count);
    expect(store.transactions - before).toBe(3);
    expect(await core.tokens.sendExpiryReminders()).toBe(0);
    expect(await notificationTitles(store, ann)).toHaveLength(count);
  });
});
