import { describe, expect, it } from 'vitest';
import { fileCore, makeAccount } from '../support/core.ts';
import { runCliInProcess } from '../support/cli.ts';

/** A data directory with one account (ann) and one project (limit storage_gb=10). */
async function seeded() {
  const { core, dataDir } = await fileCore();
  const annId = await makeAccount(core, 'ann@example.com');
  const project = await core.projects.create({ name: 'Analytics', limits: { storage_gb: 10 } });
  const cli = (...args: string[]) => runCliInProcess(['--data', dataDir, 'admin', ...args]);
  return { core, dataDir, annId, project, cli };
}

/** Each test runs several commands (in-process: see runCliInProcess); a shared, busy machine can make them slow. */
const CLI_TEST_TIMEOUT_MS = 120_000;

const errorCode = (stderr: string): unknown => (JSON.parse(stderr) as { error: { code: string } }).error.code;

describe('kbc-account admin project', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('creates a project with repeated --limit options and lists it', async () => {
    const { cli } = await seeded();
    const created = await cli('project', 'create', '--name', 'Hackathon', '--limit', 'storage_gb=5', '--limit', 'users=0', '--json');
    expect(created.code).toBe(0);
    const project = JSON.parse(created.stdout) as { id: string; limits: Record<string, number> };
    expect(project.limits).toEqual({ storage_gb: 5, users: 0 });

    const listed = await cli('project', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Hackathon\s+prj_\w+\s+0\s+storage_gb=5, users=0/);
    expect(listed.stdout).toContain('Analytics');
  });

  it('lists one page with --limit and continues it with --after', async () => {
    const { cli, core } = await seeded();
    for (const name of ['Beta', 'Gamma']) await core.projects.create({ name });
    const first = await cli('project', 'list', '--limit', '2', '--json');
    expect(first.code).toBe(0);
    const page = JSON.parse(first.stdout) as { items: { name: string }[]; next: string | null };
    expect(page.items.map((p) => p.name)).toEqual(['Analytics', 'Beta']);
    expect(page.next).toEqual(expect.any(String));
    const [rest, text, all] = await Promise.all([
      cli('project', 'list', '--after', page.next!, '--json'),
      cli('project', 'list', '--limit', '2'),
      cli('project', 'list', '--json'),
    ]);
    expect(JSON.parse(rest.stdout)).toMatchObject({ items: [{ name: 'Gamma' }], next: null });
    expect(text.stdout).toContain(`More projects follow: --after ${page.next}`);
    expect(text.stdout).not.toContain('Gamma');
    expect((JSON.parse(all.stdout) as { items: { name: string }[] }).items.map((p) => p.name)).toEqual(['Analytics', 'Beta', 'Gamma']);
  });

  it('creates a project with members and roles, and refuses an unknown member without creating anything', async () => {
    const { cli, core, annId } = await seeded();
    const created = await cli('project', 'create', '--name', 'Team', '--member', 'Ann@Example.com=admin', '--json');
    expect(created.code).toBe(0);
    const project = JSON.parse(created.stdout) as { id: string };
    expect((await core.projects.get(project.id)).members).toMatchObject([{ accountId: annId, role: 'admin' }]);
    const [unknown, badRole, malformed] = await Promise.all([
      cli('project', 'create', '--name', 'Ghost', '--member', 'nobody@example.com', '--json'),
      cli('project', 'create', '--name', 'Ghost', '--member', 'ann@example.com=owner', '--json'),
      cli('project', 'create', '--name', 'Ghost', '--member', 'ann@example.com='),
    ]);
    expect([unknown.code, badRole.code, malformed.code]).toEqual([1, 1, 2]);
    expect(errorCode(unknown.stderr)).toBe('ACCOUNT_NOT_FOUND');
    expect(errorCode(badRole.stderr)).toBe('INVALID_ROLE');
    expect((await core.projects.list()).items.map((p) => p.name).sort()).toEqual(['Analytics', 'Team']);
  });

  it('refuses bad --limit syntax and a missing name as usage errors, a negative limit as a domain error', async () => {
    const { cli, core } = await seeded();
    const results = await Promise.all([
      cli('project', 'create', '--name', 'X', '--limit', 'storage_gb'),
      cli('project', 'create', '--name', 'X', '--limit', 'storage_gb=-1'),
      cli('project', 'create', '--limit', 'users=1'),
    ]);
    // The shape is the CLI's business; whether a limit may be negative is the core's rule.
    expect(results.map((r) => r.code)).toEqual([2, 1, 2]);
    expect(results[0]?.stderr).toContain('--limit takes METRIC=MAX');
    expect(results[1]?.stderr).toContain('The limit for storage_gb must be a number of at least 0');
    expect((await core.projects.list()).items.map((p) => p.name)).toEqual(['Analytics']);
  });

  it('shows a project, and says clearly when it does not exist', async () => {
    const { cli, project } = await seeded();
    const [shown, missing] = await Promise.all([cli('project', 'show', '--id', project.id), cli('project', 'show', '--id', 'prj_nope', '--json')]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Analytics (${project.id})`);
    expect(shown.stdout).toMatch(/storage_gb\s+-\s+10/);
    expect(shown.stdout).toContain('(no members)');
    expect(missing.code).toBe(1);
    expect(errorCode(missing.stderr)).toBe('PROJECT_NOT_FOUND');
  });

  it('adds a member as guest by default and records project.joined', async () => {
    const { cli, core, project, annId } = await seeded();
    const added = await cli('project', 'add-member', '--project', project.id, '--email', 'Ann@Example.com', '--json');
    expect(added.code).toBe(0);
    expect((JSON.parse(added.stdout) as { members: unknown[] }).members).toEqual([expect.objectContaining({ accountId: annId, role: 'guest' })]);
    expect((await core.accounts.securityActivity(annId))[0]).toMatchObject({ type: 'project.joined', details: { projectId: project.id } });

    const again = await cli('project', 'add-member', '--project', project.id, '--email', 'ann@example.com', '--role', 'admin', '--json');
    expect(again.code).toBe(1);
    expect(errorCode(again.stderr)).toBe('ALREADY_MEMBER');
  });

  it('refuses a malformed email, an unknown account, role or project; removes a member', async () => {
    const { cli, core, project } = await seeded();
    const results = await Promise.all([
      cli('project', 'add-member', '--project', project.id, '--email', 'ann@', '--json'),
      cli('project', 'add-member', '--project', project.id, '--email', 'zed@example.com', '--json'),
      cli('project', 'add-member', '--project', project.id, '--email', 'ann@example.com', '--role', 'owner', '--json'),
      cli('project', 'add-member', '--project', 'prj_nope', '--email', 'ann@example.com', '--json'),
      cli('project', 'remove-member', '--project', project.id, '--email', 'ann@example.com', '--json'),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1, 1, 1, 1]);
    expect(results.map((r) => errorCode(r.stderr))).toEqual(['INVALID_EMAIL', 'ACCOUNT_NOT_FOUND', 'INVALID_ROLE', 'PROJECT_NOT_FOUND', 'NOT_A_MEMBER']);

    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', role: 'readOnly' });
    const removed = await cli('project', 'remove-member', '--project', project.id, '--email', 'ann@example.com');
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed ann@example.com from Analytics.\n' });
  });
});

describe('kbc-account admin usage', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('reports a breach with its notification once, stays quiet while over the limit, and says when no limit applies', async () => {
    const { cli, core, project, annId } = await seeded();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
    const first = await cli('usage', '--project', project.id, '--metric', 'storage_gb', '--value', '12.5', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ metric: 'storage_gb', value: 12.5, limit: 10, overLimit: true, breached: true, recipients: 1 });

    const second = await cli('usage', '--project', project.id, '--metric', 'storage_gb', '--value', '13');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Still over the limit of 10; members were already notified');
    expect(await core.notifications.unreadCount(annId)).toBe(1);

    const unlimited = await cli('usage', '--project', project.id, '--metric', 'api_calls', '--value', '0');
    expect(unlimited.code).toBe(0);
    expect(unlimited.stdout).toContain('No limit is set for api_calls');
  });

  it('refuses a non-number value (usage), a negative value, a bad metric and an unknown project', async () => {
    const { cli, project } = await seeded();
    const results = await Promise.all([
      cli('usage', '--project', project.id, '--metric', 'storage_gb', '--value', 'lots'),
      cli('usage', '--project', project.id, '--metric', 'storage_gb', '--value', '-1', '--json'),
      cli('usage', '--project', project.id, '--metric', '1bad', '--value', '1', '--json'),
      cli('usage', '--project', 'prj_nope', '--metric', 'storage_gb', '--value', '1', '--json'),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 1, 1, 1]);
    expect(results[0]?.stderr).toContain('--value must be a number');
    expect(results.slice(1).map((r) => errorCode(r.stderr))).toEqual(['INVALID_USAGE', 'INVALID_USAGE', 'PROJECT_NOT_FOUND']);
  });
});
