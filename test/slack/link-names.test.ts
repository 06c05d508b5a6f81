import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ANN, EVE, linkSlack, startHarness } from './support/harness.ts';

const ANN_PROFILE = { id: ANN.userId, team_id: ANN.teamId, name: 'ann', real_name: 'Ann Smith', profile: { display_name: 'ann.s', real_name: 'Ann Smith' } };

describe('the handle and workspace name of a link', () => {
  it('/kbc link asks Slack for the handle and the workspace name and keeps them with the link', async () => {
    const h = await startHarness();
    h.api.users.set(ANN.userId, ANN_PROFILE);
    h.api.teams.set(ANN.teamId, { id: ANN.teamId, name: 'Acme Data' });
    const ann = await makeAccount(h.core, 'ann@example.com');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    await h.command(ANN, `link ${code}`);
    expect(h.replies()[0]).toContain('Linked to *ann@example.com*');
    expect(await h.core.slackLink.linkFor(ann)).toMatchObject({ userId: ANN.userId, teamId: ANN.teamId, handle: 'ann.s', teamName: 'Acme Data' });
    expect(h.api.callsTo('users.info').map((call) => call.args['user'])).toEqual([ANN.userId]);
    expect(h.api.callsTo('team.info').map((call) => call.args['team'])).toEqual([ANN.teamId]);
  });

  it('links all the same when Slack refuses to say (a scope not granted): the ids stay, and the log says why', async () => {
    const h = await startHarness();
    h.api.failNext('users.info', { error: 'missing_scope' });
    const ann = await makeAccount(h.core, 'ann@example.com');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    await h.command(ANN, `link ${code}`);
    expect(h.replies()[0]).toContain('Linked to *ann@example.com*');
    const link = await h.core.slackLink.linkFor(ann);
    expect(link).toMatchObject({ userId: ANN.userId });
    expect(link).not.toHaveProperty('handle');
    expect(link).not.toHaveProperty('teamName');
    const logged = h.logs.join('\n');
    expect(logged).toContain('users.info failed');
    expect(logged).toContain('missing_scope');
    expect(logged).toContain('team.info failed');
  });

  it('keeps no name that would act on a terminal or hide its text', async () => {
    const h = await startHarness();
    h.api.users.set(ANN.userId, { ...ANN_PROFILE, profile: { display_name: 'ann\u001b]8;;https://evil.example\u0007' } });
    h.api.teams.set(ANN.teamId, { id: ANN.teamId, name: 'Acme\u202eataD' });
    const ann = await makeAccount(h.core, 'ann@example.com');
    const { code } = await h.core.slackLink.createLinkCode(ann);
    await h.command(ANN, `link ${code}`);
    const link = await h.core.slackLink.linkFor(ann);
    expect(link).toMatchObject({ userId: ANN.userId });
    expect(link).not.toHaveProperty('handle');
    expect(link).not.toHaveProperty('teamName');
  });

  it('follows a linked user’s new display name (user_change), and writes nothing for someone not linked', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    await h.event(ANN, { type: 'user_change', user: { ...ANN_PROFILE, profile: { display_name: 'Ann the Great', real_name: 'Ann Smith' } } });
    expect(await h.core.slackLink.linkFor(ann)).toMatchObject({ handle: 'Ann the Great' });
    const before = await h.store.changeSignal();
    await h.event(EVE, { type: 'user_change', user: { id: EVE.userId, team_id: EVE.teamId, name: 'eve', profile: { display_name: 'Eve' } } });
    await h.event(EVE, { type: 'user_change', user: { id: 'not an id!', team_id: EVE.teamId, profile: { display_name: 'x' } } });
    expect(await h.store.changeSignal()).toBe(before);
    expect(h.logs.join('\n')).not.toMatch(/error .*user.s handle/);
  });
});
