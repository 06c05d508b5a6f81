import { describe, expect, it } from 'vitest';
import { fileCore, makeAccount } from '../support/core.ts';
import { runCli, runCliInProcess } from '../support/cli.ts';

/** The CLI runs in-process except where two processes are the point; a spawned one can take many seconds to start on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;

/** A data directory with two accounts and one project, written with a clock in early 2026 (the CLI runs on the real clock, later). */
async function seeded() {
  const { core, dataDir } = await fileCore('2026-01-01T09:00:00.000Z');
  const annId = await makeAccount(core, 'ann@example.com');
  const bobId = await makeAccount(core, 'bob@example.com');
  const project = await core.projects.create({ name: 'Finance' });
  const cli = (...args: string[]) => runCliInProcess(['--data', dataDir, 'admin', ...args]);
  /** The same as a real process of its own. */
  const spawned = (...args: string[]) => runCli(['--data', dataDir, 'admin', ...args]);
  return { core, dataDir, annId, bobId, project, cli, spawned };
}

const errorCode = (stderr: string): unknown => (JSON.parse(stderr) as { error: { code: string } }).error.code;

describe('kbc-account admin: projects and membership (issue 16)', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('adds a time-boxed member, shows "member until", and extends it', async () => {
    const { cli, project } = await seeded();
    const added = await cli('project', 'add-member', '--project', project.id, '--email', 'ann@example.com', '--membership-expires-in', '30', '--json');
    expect(added.code, added.stderr).toBe(0);
    const until = (JSON.parse(added.stdout) as { members: { email: string; expiresAt: string | null }[] }).members[0]!.expiresAt!;
    expect(new Date(until).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const shown = await cli('project', 'show', '--id', project.id);
    expect(shown.stdout).toMatch(/MEMBER UNTIL/);
    expect(shown.stdout).toContain(until);

    const extended = await cli('project', 'extend-member', '--project', project.id, '--email', 'ann@example.com', '--until', '2099-12-31');
    expect(extended.code, extended.stderr).toBe(0);
    expect(extended.stdout).toContain('until 2099-12-31T23:59:59.999Z');

    const past = await cli('project', 'extend-member', '--project', project.id, '--email', 'ann@example.com', '--until', '2020-01-01', '--json');
    expect(past.code).toBe(1);
    expect(errorCode(past.stderr)).toBe('INVALID_INPUT');
    const badDate = await cli('project', 'extend-member', '--project', project.id, '--email', 'ann@example.com', '--until', '2026-02-30');
    expect(badDate.code).toBe(2);
    const badDays = await cli('project', 'add-member', '--project', project.id, '--email', 'bob@example.com', '--membership-expires-in', '1e3');
    expect(badDays.code).toBe(2);
    const tooLong = await cli('project', 'add-member', '--project', project.id, '--email', 'bob@example.com', '--membership-expires-in', '366', '--json');
    expect(errorCode(tooLong.stderr)).toBe('INVALID_INPUT');
  });

  it('invites with a membership lifetime that starts at the accept', async () => {
    const { cli, core, annId, project } = await seeded();
    const invited = await cli('invite', '--project', project.id, '--email', 'ann@example.com', '--membership-expires-in', '14', '--json');
    expect(invited.code, invited.stderr).toBe(0);
    expect(JSON.parse(invited.stdout)).toMatchObject({ membershipDays: 14, projectRequiresMfa: false });
    const [pending] = await core.invitations.listPending(annId);
    expect(pending?.membershipDays).toBe(14);
  });

  it('requires MFA: lists the members without it, sets the deadline, and turns it off', async () => {
    const { cli, project } = await seeded();
    await cli('project', 'add-member', '--project', project.id, '--email', 'ann@example.com');
    const required = await cli('project', 'require-mfa', '--project', project.id, '--deadline', '2099-01-31');
    expect(required.code, required.stderr).toBe(0);
    expect(required.stdout).toContain('Finance requires multi-factor authentication. Members without it lose access from 2099-01-31T23:59:59.999Z.');
    expect(required.stdout).toMatch(/ann@example\.com/);
    const json = await cli('project', 'require-mfa', '--project', project.id, '--deadline', '2099-01-31', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ project: { mfaRequired: { deadline: '2099-01-31T23:59:59.999Z' } }, membersWithoutMfa: [{ email: 'ann@example.com' }] });
    const invited = await cli('invite', '--project', project.id, '--email', 'bob@example.com');
    expect(invited.stdout).toContain('the project requires MFA');

    const off = await cli('project', 'require-mfa', '--project', project.id, '--off');
    expect(off.stdout).toContain('Finance no longer requires multi-factor authentication.');
    const both = await cli('project', 'require-mfa', '--project', project.id, '--off', '--deadline', '2099-01-31');
    expect(both.code).toBe(2);
    const missing = await cli('project', 'require-mfa', '--project', 'constructor', '--json');
    expect(errorCode(missing.stderr)).toBe('PROJECT_NOT_FOUND');
  });

  it('sweeps memberships whose time has come, once', async () => {
    const { cli, core, annId, project } = await seeded();
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 3 });
    const swept = await cli('project', 'sweep-memberships', '--json');
    expect(swept.code, swept.stderr).toBe(0);
    expect(JSON.parse(swept.stdout)).toEqual({ reminded: 0, ended: 1 });
    expect(JSON.parse((await cli('project', 'sweep-memberships', '--json')).stdout)).toEqual({ reminded: 0, ended: 0 });
    expect((await core.projects.get(project.id)).members).toEqual([]);
    expect((await core.accounts.securityActivity(annId)).map((e) => e.type)).toContain('project.membership_expired');
  });

  it('ends each membership once when two sweeps run at once in two processes', async () => {
    const { spawned, core, project } = await seeded();
    const emails = ['m1@example.com', 'm2@example.com', 'm3@example.com', 'm4@example.com', 'm5@example.com'];
    for (const email of emails) {
      await makeAccount(core, email);
      await core.projects.addMember({ projectId: project.id, email, membershipDays: 2 });
    }
    const runs = await Promise.all([spawned('project', 'sweep-memberships', '--json'), spawned('project', 'sweep-memberships', '--json')]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const ended = runs.map((run) => (JSON.parse(run.stdout) as { ended: number }).ended);
    expect(ended[0]! + ended[1]!).toBe(emails.length);
    expect((await core.projects.get(project.id)).members).toEqual([]);
    // Each member was told once, and each end recorded once.
    for (const email of emails) {
      const account = (await core.accounts.findByEmail(email))!;
      const titles = (await core.notifications.listForAccount(account.id)).items.map((n) => n.title);
      expect(titles.filter((title) => title === 'Your membership of Finance has ended')).toHaveLength(1);
      expect((await core.accounts.securityActivity(account.id)).filter((e) => e.type === 'project.membership_expired')).toHaveLength(1);
    }
  });
});
