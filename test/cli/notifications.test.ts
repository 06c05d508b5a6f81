import { describe, expect, it } from 'vitest';
import { fileCore, makeAccount } from '../support/core.ts';
import { runCliInProcess } from '../support/cli.ts';

/** A data directory with ann (member of Analytics) and bob. */
async function seeded() {
  const { core, dataDir } = await fileCore();
  const annId = await makeAccount(core, 'ann@example.com');
  const bobId = await makeAccount(core, 'bob@example.com');
  const project = await core.projects.create({ name: 'Analytics' });
  await core.projects.addMember({ projectId: project.id, email: 'ann@example.com' });
  const notify = (...args: string[]) => runCliInProcess(['--data', dataDir, 'admin', 'notify', '--title', 'Heads up', '--message', 'Read this.', ...args]);
  return { core, annId, bobId, project, notify };
}

/** Each test runs several commands (in-process: see runCliInProcess); a shared, busy machine can make them slow. */
const CLI_TEST_TIMEOUT_MS = 120_000;

const errorCode = (stderr: string): unknown => (JSON.parse(stderr) as { error: { code: string } }).error.code;

describe('kbc-account admin notify', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('publishes an announcement to everyone by default', async () => {
    const { core, annId, bobId, notify } = await seeded();
    const result = await notify('--link', 'https://status.example.com', '--expires-at', '2099-01-01', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      recipients: 2,
      notification: { kind: 'announcement', title: 'Heads up', link: 'https://status.example.com', expiresAt: '2099-01-01T23:59:59.999Z', audience: { type: 'all' } },
    });
    expect(await core.notifications.unreadCount(annId)).toBe(1);
    expect(await core.notifications.unreadCount(bobId)).toBe(1);
  });

  it("publishes to a project's members, or to accounts given by repeated --account", async () => {
    const { core, project, annId, bobId, notify } = await seeded();
    const [toProject, toAccounts] = await Promise.all([
      notify('--kind', 'deprecation', '--project', project.id),
      notify('--kind', 'migration', '--account', 'ann@example.com', '--account', 'BOB@example.com', '--json'),
    ]);
    expect(toProject.code).toBe(0);
    expect(toProject.stdout).toMatch(/^Published deprecation ntf_\w+ to the members of Analytics: reaches 1 account\(s\) now\.\n$/);
    expect(toAccounts.code).toBe(0);
    expect(JSON.parse(toAccounts.stdout)).toMatchObject({ recipients: 2, notification: { kind: 'migration' } });
    expect((await core.notifications.listForAccount(annId)).items.map((n) => n.kind).sort()).toEqual(['deprecation', 'migration']);
    expect((await core.notifications.listForAccount(bobId)).items.map((n) => n.kind)).toEqual(['migration']);
  });

  it('refuses --project with --account, a garbled date and a missing title as usage errors', async () => {
    const { project, notify } = await seeded();
    const results = await Promise.all([
      notify('--project', project.id, '--account', 'ann@example.com'),
      notify('--expires-at', 'next week'),
      runCliInProcess(['admin', 'notify', '--message', 'no title'], { env: { KBC_ACCOUNT_DATA: '/nonexistent-never-opened' } }),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0]?.stderr).toContain('either --project or --account');
  });

  it('refuses an unknown kind, project or account, a malformed email, a bad link, a past expiry and a long title', async () => {
    const { core, annId, notify } = await seeded();
    const results = await Promise.all([
      notify('--kind', 'gossip', '--json'),
      notify('--project', 'prj_nope', '--json'),
      notify('--account', 'zed@example.com', '--json'),
      notify('--account', 'not-an-email', '--json'),
      notify('--link', 'ftp://example.com', '--json'),
      notify('--expires-at', '2020-01-01', '--json'),
      notify('--title', 'x'.repeat(121)),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(results.pop()?.stderr).toBe('error: The title must be 1–120 characters; got 121.\n');
    expect(results.map((r) => errorCode(r.stderr))).toEqual([
      'NOTIFICATION_KIND_INVALID',
      'PROJECT_NOT_FOUND',
      'ACCOUNT_NOT_FOUND',
      'INVALID_EMAIL',
      'NOTIFICATION_LINK_INVALID',
      'NOTIFICATION_EXPIRY_INVALID',
    ]);
    expect(await core.notifications.unreadCount(annId)).toBe(0);
  });
});
