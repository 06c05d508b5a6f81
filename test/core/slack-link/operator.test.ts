import { describe, expect, it } from 'vitest';
import { makeAccount, stored, testCore } from '../../support/core.ts';
import { linkedAccount, outboxEntries } from '../outbox/support.ts';

describe('Slack links as an operator sees them', () => {
  it('lists linked accounts, oldest link first, a page at a time', async () => {
    const t = testCore('2026-03-02T09:00:00.000Z');
    const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
    t.clock.advance({ minutes: 1 });
    const bob = await linkedAccount(t.core, 'bob@example.com', 'U0BOB');
    await makeAccount(t.core, 'cid@example.com');
    const first = await t.core.slackLink.links({ limit: 1 });
    expect(first.items).toEqual([{ accountId: ann, email: 'ann@example.com', teamId: 'T0TEAM', userId: 'U0ANN', linkedAt: '2026-03-02T09:00:00.000Z' }]);
    const second = await t.core.slackLink.links({ limit: 1, after: first.next });
    expect(second.items.map((link) => link.accountId)).toEqual([bob]);
    await expect(t.core.slackLink.links({ limit: 10_000 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('unlinks by email, records it as done by an operator and tells the Slack user', async () => {
    const t = testCore('2026-03-02T09:00:00.000Z');
    const ann = await linkedAccount(t.core, 'ann@example.com', 'U0ANN');
    const ended = await t.core.slackLink.unlinkByEmail('  ANN@example.com ');
    expect(ended).toMatchObject({ accountId: ann, userId: 'U0ANN' });
    expect(await stored(t.store, 'slackLinks', ann)).toBeNull();
    const [event] = await t.core.accounts.securityActivity(ann);
    expect(event).toMatchObject({ type: 'slack.unlinked', details: expect.objectContaining({ via: 'operator', userId: 'U0ANN' }) });
    const told = Object.values(await outboxEntries(t.store)).find((entry) => entry.kind === 'slack.unlinked');
    expect(told).toMatchObject({ status: 'pending', recipient: { userId: 'U0ANN' }, payload: expect.objectContaining({ reason: 'operator' }) });
  });

  it('says which email is unknown or not linked', async () => {
    const t = testCore();
    await makeAccount(t.core, 'cid@example.com');
    await expect(t.core.slackLink.unlinkByEmail('nobody@example.com')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(t.core.slackLink.unlinkByEmail('cid@example.com')).rejects.toMatchObject({ code: 'SLACK_NOT_LINKED' });
    await expect(t.core.slackLink.unlinkByEmail('ann\u202e@example.com')).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
  });
});
