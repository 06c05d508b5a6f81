import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { slashCommandBody } from './support/slack-requests.ts';
import { actionIdsOf, ANN, click, EVE, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';

/** Ann linked, with a pending invitation whose buttons show on her Home tab. */
async function setup() {
  const h = await startHarness();
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const project = await h.core.projects.create({ name: 'Sales' });
  await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
  await h.slack.delivery.deliverDue();
  expect(actionIdsOf(h.api.homes.get(ANN.userId))).toContain(ACTION.invitationAccept);
  h.api.reset();
  return { h, ann };
}

/** The DMs posted to `userId` since the last reset, as text. */
const dmsTo = (h: Harness, userId: string): string[] =>
  h.api.callsTo('chat.postMessage').filter((call) => call.args['channel'] === userId).map((call) => `${String(call.args['text'])} ${textOf(call.args['blocks'])}`);

describe('when an account stops being linked to a Slack user', () => {
  it('tells the old Slack user by DM when someone links the account with a (leaked) code, and shows their Home tab unlinked', async () => {
    const { h, ann } = await setup();
    const { code } = await h.core.slackLink.createLinkCode(ann);
    await h.command(EVE, `link ${code}`);
    await h.slack.delivery.deliverDue();
    const [told] = dmsTo(h, ANN.userId);
    expect(told).toContain('was linked to another Slack user');
    expect(told).toContain('If this was not you');
    expect(told).toContain('*ann@example.com*');
    const home = h.api.homes.get(ANN.userId);
    expect(textOf(home)).toContain('not linked');
    expect(actionIdsOf(home)).toEqual([ACTION.openHowToLink]);
    // Recorded where the account holder sees it, in the dashboard's security activity.
    const [moved] = await h.core.accounts.securityActivity(ann);
    expect(moved).toMatchObject({ type: 'slack.link_replaced', details: { userId: EVE.userId, previousUserId: ANN.userId } });
    // The new Slack user gets the usual confirmation, not the old one's messages.
    expect(dmsTo(h, EVE.userId).join('\n')).toContain('now linked');
  });

  it('tells the Slack user unlinked from the dashboard by DM and shows their Home tab unlinked', async () => {
    const { h, ann } = await setup();
    await h.core.slackLink.unlink(ann);
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(dmsTo(h, ANN.userId).join('\n')).toContain('was unlinked from this Slack user in the dashboard');
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('not linked');
    expect(actionIdsOf(h.api.homes.get(ANN.userId))).toEqual([ACTION.openHowToLink]);
  });

  it('republishes the Home tab as unlinked even when the DM cannot be sent', async () => {
    const { h, ann } = await setup();
    await h.core.slackLink.unlink(ann);
    h.api.failNext('chat.postMessage', { error: 'cannot_dm_bot' });
    expect(await h.slack.delivery.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('not linked');
  });

  it('sends no DM to a Slack user who unlinked with /kbc unlink (the reply told them)', async () => {
    const { h } = await setup();
    await h.command(ANN, 'unlink');
    await h.slack.delivery.deliverDue();
    expect(dmsTo(h, ANN.userId)).toEqual([]);
  });
});

describe('Enterprise Grid and Slack Connect', () => {
  const GRID_ANN = { teamId: 'T0SALES', userId: 'W0ANN' };

  it('recognises a user linked with /kbc link in one workspace when they click from another workspace of the org', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    const command = `${slashCommandBody(GRID_ANN, `link ${code}`, h.api.responseUrl())}&enterprise_id=E0ACME`;
    expect((await h.post(command)).status).toBe(200);
    expect(await h.core.slackLink.linkFor(ann)).toMatchObject({ userId: 'W0ANN', enterpriseId: 'E0ACME' });
    // A click carries the user's own workspace in user.team_id, which differs from the command's.
    const payload = click(h, GRID_ANN, ACTION.notificationsMarkAllRead, 'all', { kind: 'home' });
    const gridClick = { ...payload, user: { id: 'W0ANN', team_id: 'T0ENG' }, team: { id: 'T0ENG' }, enterprise: { id: 'E0ACME', name: 'Acme' } };
    expect((await h.interact(gridClick)).status).toBe(200);
    const home = textOf(h.api.homes.get('W0ANN'));
    expect(home).toContain('Everything was read already');
    expect(home).not.toContain('not linked');
  });
});
