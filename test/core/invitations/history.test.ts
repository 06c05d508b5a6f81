import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../../support/core.ts';

describe('invitation history', () => {
  it('keeps the answered, expired and cancelled invitations of the last 90 days, newest answer first', async () => {
    const { core, clock } = testCore('2026-01-15T09:00:00.000Z');
    const annId = await makeAccount(core, 'ann@example.com');
    const names = ['Old', 'Accepted', 'Declined', 'Cancelled', 'Expired', 'Open'];
    const projects = Object.fromEntries(await Promise.all(names.map(async (name) => [name, (await core.projects.create({ name })).id] as const)));
    const invite = (name: string, expiresInDays = 7) => core.invitations.create({ projectId: projects[name]!, email: 'ann@example.com', expiresInDays });

    await core.invitations.accept(annId, (await invite('Old')).id);
    clock.advance({ days: 100 });
    await core.invitations.accept(annId, (await invite('Accepted')).id);
    clock.advance({ hours: 1 });
    await core.invitations.decline(annId, (await invite('Declined')).id);
    clock.advance({ hours: 1 });
    await core.invitations.cancel((await invite('Cancelled')).id);
    await invite('Expired', 1);
    await invite('Open', 30);
    clock.advance({ days: 2 });

    const history = await core.invitations.listHistory(annId);
    expect(history.map((i) => [i.projectName, i.status])).toEqual([
      ['Expired', 'expired'],
      ['Cancelled', 'cancelled'],
      ['Declined', 'declined'],
      ['Accepted', 'accepted'],
    ]);
    expect((await core.invitations.listPending(annId)).map((i) => i.projectName)).toEqual(['Open']);
  });
});
