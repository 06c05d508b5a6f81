import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../../support/core.ts';

/** Names every plain object answers to without holding them: what `record[key]` finds when `key` is not an own entry. */
const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'] as const;

async function world() {
  const { core, clock } = testCore();
  const annId = await makeAccount(core, 'ann@example.com');
  const project = await core.projects.create({ name: 'Sales', limits: { storage_gb: 10 }, members: [{ email: 'ann@example.com', role: 'admin' }] });
  return { core, clock, annId, project };
}

describe('ids and keys named like built-in object properties', () => {
  it.each(INHERITED)('treats %j as an unknown id everywhere, with its NOT_FOUND code', async (id) => {
    const { core, annId, project } = await world();

    await expect(core.accounts.get(id)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.projects.get(id)).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.projects.getForAccount(annId, id)).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.projects.getForAccount(id, project.id)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.projects.recordUsage({ projectId: id, metric: 'storage_gb', value: 1 })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.projects.addMember({ projectId: id, email: 'ann@example.com' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.invitations.create({ projectId: id, email: 'bob@example.com' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.invitations.create({ projectId: project.id, email: 'bob@example.com', invitedBy: { accountId: id } })).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
    await expect(core.invitations.list({ projectId: id })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await expect(core.invitations.cancel(id)).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    await expect(core.invitations.accept(annId, id)).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    await expect(core.invitations.decline(annId, id)).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    await expect(core.invitations.get(annId, id)).rejects.toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    await expect(core.notifications.markRead(annId, id)).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    await expect(core.notifications.getForAccount(annId, id)).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    await expect(core.notifications.listForAccount(id)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.tokens.delete(annId, id)).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    await expect(core.tokens.list(id)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.slackLink.linkFor(id)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    await expect(core.mfa.status(id)).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('records a metric named constructor or toString as an ordinary metric without a limit', async () => {
    const { core, project } = await world();

    for (const metric of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const result = await core.projects.recordUsage({ projectId: project.id, metric, value: 5 });
      expect(result).toMatchObject({ metric, value: 5, limit: null, overLimit: false, breached: false, notificationId: null });
    }
    const shown = await core.projects.get(project.id);
    expect(Object.keys(shown.usage).sort()).toEqual(['constructor', 'hasOwnProperty', 'toString', 'valueOf']);
    expect(shown.usage['constructor']).toMatchObject({ value: 5 });
    expect(Object.hasOwn(shown.limits, 'constructor')).toBe(false);
    expect(shown.breachedMetrics).toEqual([]);
    // The project still works as one: a limited metric is judged by its own limit.
    expect(await core.projects.recordUsage({ projectId: project.id, metric: 'storage_gb', value: 11 })).toMatchObject({ limit: 10, breached: true });
  });

  it('judges a metric named constructor by its own limit when it has one', async () => {
    const { core } = await world();
    const project = await core.projects.create({ name: 'Limits', limits: { constructor: 3 } });

    expect(await core.projects.recordUsage({ projectId: project.id, metric: 'constructor', value: 4 })).toMatchObject({ limit: 3, breached: true });
    expect(await core.projects.recordUsage({ projectId: project.id, metric: 'toString', value: 4 })).toMatchObject({ limit: null, breached: false });
  });
});
