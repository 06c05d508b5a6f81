import { describe, expect, it } from 'vitest';
import { INVITATION_SUMMARY_THRESHOLD } from '../../../src/core/invitations/constants.ts';

import { outboxEntries } from '../outbox/support.ts';
import { invitationWorld, makeProject } from './setup.ts';

/** Ann with `count` pending invitations, then linked to Slack through the real link flow. */
async function linkedWithInvitations(count: number) {
  const t = await invitationWorld();
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const projectId = await makeProject(t, `Project ${n}`);
    ids.push((await t.core.invitations.create({ projectId, email: 'ann@example.com' })).id);
    t.clock.advance({ seconds: 1 });
  }
  const { code } = await t.core.slackLink.createLinkCode(t.ann);
  await t.core.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0ANN' });
  return { ...t, ids };
}

const kinds = async (t: { readonly store: Awaited<ReturnType<typeof invitationWorld>>['store'] }) => Object.values(await outboxEntries(t.store)).map((entry) => entry.kind);

describe('invitations waiting when an account links Slack', () => {
  it(`queues a DM each for up to ${INVITATION_SUMMARY_THRESHOLD}`, async () => {
    const t = await linkedWithInvitations(INVITATION_SUMMARY_THRESHOLD);
    expect((await kinds(t)).sort()).toEqual(['invitation.created', 'invitation.created', 'invitation.created', 'slack.linked']);
  });

  it('queues one summary DM listing them for more, and no follow-up DM when one is answered', async () => {
    const t = await linkedWithInvitations(30);
    expect((await kinds(t)).sort()).toEqual(['invitation.summary', 'slack.linked']);
    const summary = Object.values(await outboxEntries(t.store)).find((entry) => entry.kind === 'invitation.summary')!;
    expect(summary.payload['count']).toBe(30);
    expect(summary.payload['invitations']).toHaveLength(20);
    expect((summary.payload['invitations'] as { projectName: string }[])[0]).toMatchObject({ projectName: 'Project 0', role: 'guest' });
    await t.core.invitations.accept(t.ann, t.ids[0]!);
    await t.core.invitations.cancel(t.ids[1]!);
    expect((await kinds(t)).sort()).toEqual(['invitation.summary', 'slack.linked']);
  });

  it('still queues follow-ups of invitations that had a DM of their own', async () => {
    const t = await invitationWorld();
    const { code } = await t.core.slackLink.createLinkCode(t.ann);
    await t.core.slackLink.link({ code, teamId: 'T0TEAM', userId: 'U0ANN' });
    const invitation = await t.core.invitations.create({ projectId: t.projectId, email: 'ann@example.com' });
    await t.core.invitations.decline(t.ann, invitation.id);
    expect((await kinds(t)).filter((kind) => kind.startsWith('invitation'))).toEqual(['invitation.created', 'invitation.answered']);
  });
});
