import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/core/index.ts';
import { makeAccount, testCore } from '../../support/core.ts';

async function setup() {
  const t = testCore();
  const project = await t.core.projects.create({ name: 'Analytics', limits: { storage_gb: 10, users: 5 } });
  const annId = await makeAccount(t.core, 'ann@example.com');
  return { ...t, project, annId };
}

describe('projects: creation', () => {
  it('creates a project with its limits, no members and no usage', async () => {
    const { core, project } = await setup();
    expect(project).toMatchObject({ name: 'Analytics', limits: { storage_gb: 10, users: 5 }, usage: {}, breachedMetrics: [], members: [] });
    expect(await core.projects.get(project.id)).toEqual(project);
    expect((await core.projects.list()).items.map((p) => p.id)).toEqual([project.id]);
  });

  it('rejects bad limits and names', async () => {
    const { core } = testCore();
    await expect(core.projects.create({ name: 'X', limits: { '9gb': 1 } })).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
    await expect(core.projects.create({ name: 'X', limits: { gb: -1 } })).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
    await expect(core.projects.create({ name: '  ' })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID' });
    expect(await core.projects.list()).toEqual({ items: [], next: null });
  });

  it('lists the projects by name a page at a time, and refuses a bad page size', async () => {
    const { core } = await setup();
    for (const name of ['Echo', 'Beta', 'Delta', 'Charlie']) await core.projects.create({ name });
    const pages: string[][] = [];
    for (let after: string | null = null; ; ) {
      const page = await core.projects.list({ limit: 2, after });
      pages.push(page.items.map((p) => p.name));
      if (!(after = page.next)) break;
    }
    expect(pages).toEqual([['Analytics', 'Beta'], ['Charlie', 'Delta'], ['Echo']]);
    await expect(core.projects.list({ limit: 1_001 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('answers PROJECT_NOT_FOUND for an unknown id', async () => {
    const { core } = testCore();
    await expect(core.projects.get('prj_nope')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });
});

describe('projects: members', () => {
  it('adds a member as guest by default and shows the role in the project view', async () => {
    const { core, project, annId } = await setup();
    const view = await core.projects.addMember({ projectId: project.id, email: ' Ann@Example.com ' });
    expect(view.members).toEqual([{ accountId: annId, email: 'ann@example.com', role: 'guest', joinedAt: '2026-01-15T09:00:00.000Z', expiresAt: null, reason: null, mfaEnabled: false }]);
    expect((await core.projects.listForAccount(annId)).map((p) => p.id)).toEqual([project.id]);
  });

  it('accepts every role and lists members by email', async () => {
    const { core, project } = await setup();
    for (const [i, role] of ROLES.entries()) {
      await makeAccount(core, `m${i}@example.com`);
      await core.projects.addMember({ projectId: project.id, email: `m${i}@example.com`, role });
    }
    const view = await core.projects.get(project.id);
    expect(view.members.map((m) => [m.email, m.role])).toEqual(ROLES.map((role, i) => [`m${i}@example.com`, role]));
  });

  it('records project.joined in the member’s security activity', async () => {
    const { core, project, annId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', role: 'admin' });
    const [latest] = await core.accounts.securityActivity(annId);
    expect(latest).toMatchObject({ type: 'project.joined', details: { projectId: project.id, projectName: 'Analytics', role: 'admin', via: 'operator' } });
  });

  it('rejects a second membership, an unknown role, email, account or project', async () => {
    const { core, project } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    await expect(core.projects.addMember({ projectId: project.id, email: 'ann@example.com', role: 'admin' })).rejects.toMatchObject({ code: 'ALREADY_MEMBER' });
    await expect(core.projects.addMember({ projectId: project.id, email: 'ann@example.com', role: 'owner' })).rejects.toMatchObject({ code: 'INVALID_ROLE' });
    await expect(core.projects.addMember({ projectId: project.id, email: 'not-an-email' })).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
    await expect(core.projects.addMember({ projectId: project.id, email: 'bob@example.com' })).rejects.toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
      details: { email: 'bob@example.com' },
    });
    await expect(core.projects.addMember({ projectId: 'prj_nope', email: 'ann@example.com' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect((await core.projects.get(project.id)).members.map((m) => m.role)).toEqual(['guest']);
  });

  it('removes a member, records project.removed, and refuses a non-member', async () => {
    const { core, project, annId } = await setup();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    const view = await core.projects.removeMember({ projectId: project.id, email: 'ann@example.com' });
    expect(view.members).toEqual([]);
    expect(await core.projects.listForAccount(annId)).toEqual([]);
    expect((await core.accounts.securityActivity(annId))[0]).toMatchObject({ type: 'project.removed', details: { projectId: project.id } });
    await expect(core.projects.removeMember({ projectId: project.id, email: 'ann@example.com' })).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
  });
});

describe('projects: what a member sees', () => {
  it('lists exactly the projects an account is a member of, by name', async () => {
    const { core, project, annId } = await setup();
    const zeta = await core.projects.create({ name: 'Zeta' });
    const beta = await core.projects.create({ name: 'beta' });
    await core.projects.create({ name: 'Other' });
    for (const projectId of [zeta.id, project.id, beta.id]) await core.projects.addMember({ projectId, email: 'ann@example.com' });
    expect((await core.projects.listForAccount(annId)).map((p) => p.name)).toEqual(['Analytics', 'beta', 'Zeta']);
    await core.projects.removeMember({ projectId: beta.id, email: 'ann@example.com' });
    expect((await core.projects.listForAccount(annId)).map((p) => p.name)).toEqual(['Analytics', 'Zeta']);
  });

  it('shows a project to its members only, and no longer to one who was removed', async () => {
    const { core, project, annId } = await setup();
    const bobId = await makeAccount(core, 'bob@example.com');
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', role: 'admin' });

    expect((await core.projects.getForAccount(annId, project.id)).members.map((member) => member.email)).toEqual(['ann@example.com']);
    await expect(core.projects.getForAccount(bobId, project.id)).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
    await expect(core.projects.getForAccount(annId, 'prj_nope')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });

    await core.projects.removeMember({ projectId: project.id, email: 'ann@example.com' });
    await expect(core.projects.getForAccount(annId, project.id)).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
  });
});
