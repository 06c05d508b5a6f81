import { describe, expect, it } from 'vitest';
import { MFA_REQUIRED_MESSAGE, totpCodeAt } from '../../../src/core/index.ts';
import { makeAccount, testCore } from '../../support/core.ts';
import { enableMfa } from '../mfa/mfa-helpers.ts';

async function setup() {
  const t = testCore('2026-01-15T09:00:00.000Z');
  const project = await t.core.projects.create({ name: 'Finance' });
  const annId = await makeAccount(t.core, 'ann@example.com');
  const bobId = await makeAccount(t.core, 'bob@example.com');
  return { ...t, project, annId, bobId };
}

describe('projects that require MFA', () => {
  it('refuses an accept without MFA with Keboola’s message, and accepts the same invitation once MFA is on', async () => {
    const { core, clock, project, annId } = await setup();
    await core.projects.requireMfa({ projectId: project.id });
    const invitation = await core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    expect((await core.invitations.listPending(annId))[0]).toMatchObject({ id: invitation.id, projectRequiresMfa: true });
    const refusal = core.invitations.accept(annId, invitation.id);
    await expect(refusal).rejects.toMatchObject({ code: 'PROJECT_MFA_REQUIRED', message: MFA_REQUIRED_MESSAGE, details: { projectName: 'Finance' } });
    // Nothing changed: the invitation is still open, so the guided accept can finish it.
    expect((await core.invitations.get(annId, invitation.id)).status).toBe('pending');
    await enableMfa(core, clock, annId);
    await core.invitations.accept(annId, invitation.id);
    expect((await core.projects.listForAccount(annId)).map((p) => p.name)).toEqual(['Finance']);
  });

  it('lists the members without MFA, tells each of them the deadline, and shuts them out after it until they enable MFA', async () => {
    const { core, clock, project, annId, bobId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    await core.projects.addMember({ projectId: project.id, email: 'bob@example.com' });
    await enableMfa(core, clock, bobId);
    const result = await core.projects.requireMfa({ projectId: project.id, deadline: new Date('2026-01-20T00:00:00.000Z') });
    expect(result.membersWithoutMfa.map((m) => m.email)).toEqual(['ann@example.com']);
    expect(result.project.mfaRequired).toEqual({ since: expect.any(String), deadline: '2026-01-20T00:00:00.000Z' });
    expect((await core.notifications.listForAccount(annId)).items.map((n) => n.title)).toEqual(['Finance requires multi-factor authentication by 2026-01-20']);
    expect((await core.notifications.listForAccount(bobId)).items).toEqual([]);
    // Before the deadline: access as before.
    expect((await core.projects.getForAccount(annId, project.id)).membership.blockedByMfa).toBe(false);

    clock.set('2026-01-20T00:00:00.000Z');
    await expect(core.projects.getForAccount(annId, project.id)).rejects.toMatchObject({ code: 'PROJECT_MFA_REQUIRED' });
    expect((await core.projects.listForAccount(annId))[0]!.membership.blockedByMfa).toBe(true);
    expect((await core.projects.getForAccount(bobId, project.id)).name).toBe('Finance');

    await enableMfa(core, clock, annId);
    expect((await core.projects.getForAccount(annId, project.id)).membership.blockedByMfa).toBe(false);
  });

  it('refuses to turn MFA off while a member of such a project, naming it, and spends no code on the refusal', async () => {
    const { core, clock, project, annId } = await setup();
    const other = await core.projects.create({ name: 'Audit' });
    const { secret } = await enableMfa(core, clock, annId);
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    await core.projects.addMember({ projectId: other.id, email: 'ann@example.com' });
    await core.projects.requireMfa({ projectId: project.id });
    await core.projects.requireMfa({ projectId: other.id });
    const code = await totpCodeAt(secret, clock.now());
    const refusal = core.mfa.disable(annId, code);
    await expect(refusal).rejects.toMatchObject({ code: 'MFA_REQUIRED_BY_PROJECT', details: { projects: 'Audit, Finance' } });
    await expect(refusal).rejects.toThrow(/Audit, Finance/);
    expect((await core.mfa.status(annId)).enabled).toBe(true);

    await core.projects.requireMfa({ projectId: project.id, off: true });
    await core.projects.leave(annId, other.id);
    await core.mfa.disable(annId, code);
    expect((await core.mfa.status(annId)).enabled).toBe(false);
  });

  it('notifies again only when the deadline changes', async () => {
    const { core, project, annId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    const deadline = new Date('2026-02-01T00:00:00.000Z');
    await core.projects.requireMfa({ projectId: project.id, deadline });
    await core.projects.requireMfa({ projectId: project.id, deadline });
    expect((await core.notifications.listForAccount(annId)).items).toHaveLength(1);
    await core.projects.requireMfa({ projectId: project.id, deadline: new Date('2026-03-01T00:00:00.000Z') });
    expect((await core.notifications.listForAccount(annId)).items).toHaveLength(2);
  });
});
