import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../../support/core.ts';
import { eventTypes, makeProject, outboxEntries } from './setup.ts';

describe('invitations that waited for an account or a Slack link', () => {
  it('records invitations that waited for the email as received when the account is created', async () => {
    const t = testCore();
    const projectId = await makeProject(t);
    const waiting = await t.core.invitations.create({ projectId, email: 'new@example.com' });
    const expired = await t.core.invitations.create({ projectId: await makeProject(t, 'Old'), email: 'new@example.com', expiresInDays: 1 });
    t.clock.advance({ days: 2 });
    const fresh = await t.core.invitations.create({ projectId: await makeProject(t, 'Fresh'), email: 'new@example.com', expiresInDays: 7 });
    const id = await makeAccount(t.core, 'new@example.com');
    // The expired one is not adopted: it can no longer be answered.
    expect(await eventTypes(t, id)).toEqual(['account.created', 'invitation.received', 'invitation.received']);
    const received = (await t.core.accounts.securityActivity(id)).filter((event) => event.type === 'invitation.received');
    expect(received.map((event) => event.details.invitationId).sort()).toEqual([waiting.id, fresh.id].sort());
    expect(received.map((event) => event.details.invitationId)).not.toContain(expired.id);
    expect((await t.core.invitations.listPending(id)).map((i) => i.id).sort()).toEqual([waiting.id, fresh.id].sort());
  });

  it('queues a Slack DM for each pending invitation when the account links Slack, once', async () => {
    const t = testCore();
    const ann = await makeAccount(t.core, 'ann@example.com');
    const projectId = await makeProject(t);
    const invitation = await t.core.invitations.create({ projectId, email: 'ann@example.com', reason: 'Join us' });
    const declined = await t.core.invitations.create({ projectId: await makeProject(t, 'Other'), email: 'ann@example.com' });
    await t.core.invitations.decline(ann, declined.id);

    const link = async () => {
      const { code } = await t.core.slackLink.createLinkCode(ann);
      await t.core.slackLink.link({ code, teamId: 'T1', userId: 'U1' });
    };
    await link();
    const invitationEntries = async () => (await outboxEntries(t.store)).filter((entry) => entry.kind === 'invitation.created');
    expect(await invitationEntries()).toMatchObject([
      { accountId: ann, ref: `invitation:${invitation.id}`, payload: { invitationId: invitation.id, reason: 'Join us' } },
    ]);
    // Linking again (same user) must not queue the same invitation twice.
    await link();
    expect(await invitationEntries()).toHaveLength(1);
  });
});
