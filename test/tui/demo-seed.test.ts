import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from '../../src/cli/demo-seed.ts';
import { runCli } from '../support/cli.ts';
import { tempDataDir, testCore } from '../support/core.ts';

describe('demo data (npm start)', () => {
  it('seeds a demo account to log in with, its projects, an invitation, notifications, a promo code and an expiring token', async () => {
    const { core } = testCore();
    const seed = await seedDemo(core);
    expect(seed).toEqual({ email: DEMO_EMAIL, password: DEMO_PASSWORD, created: true });
    const login = await core.accounts.login({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
    if (login.status !== 'ok') throw new Error('the demo account must log in without MFA');
    const accountId = login.session.accountId;
    const projects = await core.projects.listForAccount(accountId);
    expect(projects).toHaveLength(2);
    for (const project of projects) expect(project.members.find((member) => member.accountId === accountId)?.role).toBe('admin');
    expect(projects.some((project) => project.breachedMetrics.length > 0)).toBe(true);
    expect((await core.accounts.list()).items).toHaveLength(2);
    const invitations = await core.invitations.listPending(accountId);
    expect(invitations.map((invitation) => [invitation.projectName, invitation.projectRequiresMfa, invitation.membershipDays])).toEqual([
      ['Finance Reporting', true, 30],
      ['Data Science Sandbox', false, null],
    ]);
    expect((await core.joinRequests.listToAnswer(accountId)).map((request) => [request.email, request.projectName])).toEqual([['colleague@keboola.example', 'Sales Pipeline']]);
    const kinds = (await core.notifications.listForAccount(accountId)).items.map((notification) => notification.kind).sort();
    // The announcement: the colleague's join request, in the bell of the project's admin.
    expect(kinds).toEqual(['announcement', 'deprecation', 'limit', 'migration']);
    expect(await core.notifications.unreadCount(accountId)).toBe(4);
    expect((await core.promo.list()).items.filter((code) => !code.expired && !code.usedUp)).toHaveLength(1);
    const [token] = await core.tokens.list(accountId);
    expect(new Date(token!.expiresAt).getTime() - core.clock.now().getTime()).toBe(3 * 24 * 60 * 60 * 1000);
  });

  it('leaves existing demo data alone on the next start', async () => {
    const { core } = testCore();
    await seedDemo(core);
    const before = await core.version();
    await expect(seedDemo(core)).resolves.toMatchObject({ created: false });
    expect(await core.version()).toBe(before);
  });
});

describe('kbc-account without a command', () => {
  it('refuses to open the dashboard without a terminal: one line, exit code 1, no data touched', async () => {
    const dataDir = await tempDataDir();
    const result = await runCli(['--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('needs an interactive terminal')]);
    expect(result.stdout).toBe('');
    expect(await readdir(dataDir)).toEqual([]);
  });
});
