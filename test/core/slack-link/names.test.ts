import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../../support/core.ts';

const ANN = { teamId: 'T0ACME', userId: 'U0ANN' } as const;

async function linked() {
  const t = testCore();
  const ann = await makeAccount(t.core, 'ann@example.com');
  const { code } = await t.core.slackLink.createLinkCode(ann);
  await t.core.slackLink.link({ code, ...ANN });
  return { ...t, ann };
}

describe('Slack names of a link', () => {
  it('keeps the handle (without @) and the workspace name Slack told, shown with the link', async () => {
    const { core, ann } = await linked();
    expect(await core.slackLink.linkFor(ann)).not.toHaveProperty('handle');
    await expect(core.slackLink.rememberNames({ ...ANN, handle: '@ann.s', teamName: '  Acme Data ' })).resolves.toBe(true);
    expect(await core.slackLink.linkFor(ann)).toMatchObject({ ...ANN, handle: 'ann.s', teamName: 'Acme Data' });
    // The same again writes nothing; an undefined name is left as it is.
    await expect(core.slackLink.rememberNames({ ...ANN, handle: 'ann.s', teamName: 'Acme Data' })).resolves.toBe(false);
    await expect(core.slackLink.rememberNames({ ...ANN, handle: 'Ann 👩‍💻' })).resolves.toBe(true);
    expect(await core.slackLink.linkFor(ann)).toMatchObject({ handle: 'Ann 👩‍💻', teamName: 'Acme Data' });
  });

  it('forgets a name that is not safe to show (control or invisible format characters, too long, empty): the ids show instead', async () => {
    const { core, ann } = await linked();
    await core.slackLink.rememberNames({ ...ANN, handle: 'ann', teamName: 'Acme' });
    for (const hostile of ['ann\u001b[2J', 'moc.elpmaxe\u202e', 'a'.repeat(81), '   ', 'line\nbreak']) {
      await core.slackLink.rememberNames({ ...ANN, handle: hostile, teamName: hostile });
      const link = await core.slackLink.linkFor(ann);
      expect(link).not.toHaveProperty('handle');
      expect(link).not.toHaveProperty('teamName');
      await core.slackLink.rememberNames({ ...ANN, handle: 'ann', teamName: 'Acme' });
    }
    await core.slackLink.rememberNames({ ...ANN, handle: null });
    expect(await core.slackLink.linkFor(ann)).toMatchObject({ teamName: 'Acme' });
    expect(await core.slackLink.linkFor(ann)).not.toHaveProperty('handle');
  });

  it('takes a workspace name only for the link’s own workspace, and ignores a Slack user without a link', async () => {
    const { core, ann } = await linked();
    await expect(core.slackLink.rememberNames({ ...ANN, teamId: 'T0OTHER', handle: 'ann', teamName: 'Other workspace' })).resolves.toBe(true);
    expect(await core.slackLink.linkFor(ann)).toMatchObject({ handle: 'ann', teamId: ANN.teamId });
    expect(await core.slackLink.linkFor(ann)).not.toHaveProperty('teamName');
    await expect(core.slackLink.rememberNames({ teamId: ANN.teamId, userId: 'U0NOBODY', handle: 'nobody' })).resolves.toBe(false);
    await expect(core.slackLink.rememberNames({ teamId: 'T0ACME', userId: 'U<script>', handle: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps the names when the same Slack user links again, and drops them when another Slack user takes the account', async () => {
    const { core, ann } = await linked();
    await core.slackLink.rememberNames({ ...ANN, handle: 'ann', teamName: 'Acme' });
    await core.slackLink.link({ code: (await core.slackLink.createLinkCode(ann)).code, ...ANN });
    expect(await core.slackLink.linkFor(ann)).toMatchObject({ handle: 'ann', teamName: 'Acme' });
    await core.slackLink.link({ code: (await core.slackLink.createLinkCode(ann)).code, teamId: ANN.teamId, userId: 'U0EVE' });
    const moved = await core.slackLink.linkFor(ann);
    expect(moved).toMatchObject({ userId: 'U0EVE' });
    expect(moved).not.toHaveProperty('handle');
    expect(moved).not.toHaveProperty('teamName');
  });
});
