import { describe, expect, it } from 'vitest';
import { fastTestHasher, FakeClock, openCore } from '../../src/core/index.ts';
import { runCliInProcess } from '../support/cli.ts';
import { makeAccount, tempDataDir, TEST_SECRET_KEY_HEX } from '../support/core.ts';

const ENV = { KBC_ACCOUNT_SECRET_KEY: TEST_SECRET_KEY_HEX };

/** A data directory with the project "Analytics" and the account ann@example.com, set up in-process. */
async function world() {
  const dataDir = await tempDataDir();
  // The CLI runs on the real clock, so the fixtures must too.
  const clock = new FakeClock(new Date());
  const core = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: ENV });
  const ann = await makeAccount(core, 'ann@example.com');
  const project = await core.projects.create({ name: 'Analytics' });
  const admin = (...args: string[]) => runCliInProcess(['--data', dataDir, 'admin', ...args], { env: ENV });
  return { core, clock, ann, projectId: project.id, admin };
}

describe('admin invite', () => {
  it('invites with a role, an expiry and a reason, printing JSON', async () => {
    const { core, projectId, admin } = await world();
    const result = await admin('invite', '--project', projectId, '--email', 'Ann@Example.com', '--role', 'readOnly', '--expires-in', '3', '--reason', 'Q3 audit', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const printed = JSON.parse(result.stdout) as { id: string; createdAt: string; expiresAt: string };
    expect(printed).toMatchObject({ email: 'ann@example.com', projectId, projectName: 'Analytics', role: 'readOnly', reason: 'Q3 audit', status: 'pending', invitedBy: 'Keboola operator', inviteeHasAccount: true });
    expect(Date.parse(printed.expiresAt) - Date.parse(printed.createdAt)).toBe(3 * 86_400_000);
    expect((await core.invitations.list()).items.map((i) => i.id)).toEqual([printed.id]);
  });

  it('confirms in words and says when the email has no account yet', async () => {
    const { projectId, admin } = await world();
    const result = await admin('invite', '--project', projectId, '--email', 'newcomer@example.com');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Invited newcomer@example.com to Analytics as guest.');
    expect(result.stdout).toContain('has no account yet; the invitation waits until one is created');
  });

  it('rejects an unknown project with exit 1', async () => {
    const { admin } = await world();
    const result = await admin('invite', '--project', 'prj_missing', '--email', 'ann@example.com');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('No project has the id prj_missing.');
  });

  it('rejects a malformed email with exit 1', async () => {
    const { projectId, admin } = await world();
    const result = await admin('invite', '--project', projectId, '--email', 'ann@nowhere');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"ann@nowhere" is not a valid email address');
  });

  it('rejects zero and negative --expires-in with exit 1', async () => {
    const { projectId, admin } = await world();
    const results = await Promise.all(['0', '-3'].map((days) => admin('invite', '--project', projectId, '--email', 'ann@example.com', '--expires-in', days)));
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/An invitation must expire in 1–30 whole days; got -?\d+\./);
    }
  });

  it('rejects a non-number --expires-in as a usage error with exit 2', async () => {
    const { projectId, admin } = await world();
    const result = await admin('invite', '--project', projectId, '--email', 'ann@example.com', '--expires-in', 'soon');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--expires-in must be a whole number, got "soon"');
  });

  it('rejects an unknown role with exit 1', async () => {
    const { projectId, admin } = await world();
    const result = await admin('invite', '--project', projectId, '--email', 'ann@example.com', '--role', 'owner');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The role must be one of admin, guest, readOnly, share; got "owner".');
  });

  it('reports a duplicate as a JSON error with its code', async () => {
    const { core, projectId, admin } = await world();
    await core.invitations.create({ projectId, email: 'ann@example.com' });
    const result = await admin('invite', '--project', projectId, '--email', 'ann@example.com', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'INVITATION_DUPLICATE' } });
  });

  it('requires --project and --email (exit 2)', async () => {
    const { admin } = await world();
    const result = await admin('invite', '--email', 'ann@example.com');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--project <id>' not specified");
  });
});

describe('admin invitation list and cancel', () => {
  it('lists invitations with status and expiry, filtered by project and email', async () => {
    const { core, ann, projectId, admin } = await world();
    const sales = await core.projects.create({ name: 'Sales' });
    const accepted = await core.invitations.create({ projectId, email: 'ann@example.com' });
    await core.invitations.accept(ann, accepted.id);
    const pending = await core.invitations.create({ projectId: sales.id, email: 'bob@example.com', role: 'share' });
    const [text, filtered] = await Promise.all([admin('invitation', 'list'), admin('invitation', 'list', '--project', projectId, '--email', 'ANN@example.com', '--json')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+EMAIL\s+PROJECT\s+ROLE\s+STATUS\s+EXPIRES\s+INVITED BY$/m);
    expect(text.stdout).toMatch(new RegExp(`^${pending.id}\\s+bob@example.com\\s+Sales \\(${sales.id}\\)\\s+share\\s+pending\\s+${pending.expiresAt}\\s+Keboola operator$`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^${accepted.id}\\s+ann@example.com\\s+.*\\s+accepted\\s`, 'm'));
    expect(filtered.code).toBe(0);
    expect((JSON.parse(filtered.stdout) as { items: { id: string; status: string }[] }).items.map((i) => [i.id, i.status])).toEqual([[accepted.id, 'accepted']]);
  });

  it('lists one page with --limit, newest first, and continues it with --after', async () => {
    const { core, clock, projectId, admin } = await world();
    const older = await core.invitations.create({ projectId, email: 'ann@example.com' });
    clock.advance({ seconds: 1 });
    const newer = await core.invitations.create({ projectId, email: 'bob@example.com' });
    const first = await admin('invitation', 'list', '--limit', '1', '--json');
    expect(first.code).toBe(0);
    const page = JSON.parse(first.stdout) as { items: { id: string }[]; next: string | null };
    expect(page.items.map((i) => i.id)).toEqual([newer.id]);
    const [rest, text] = await Promise.all([admin('invitation', 'list', '--after', page.next!, '--json'), admin('invitation', 'list', '--limit', '1')]);
    expect(JSON.parse(rest.stdout)).toMatchObject({ items: [{ id: older.id }], next: null });
    expect(text.stdout).toContain(`More invitations follow: --after ${page.next}`);
  });

  it('cancels an invitation, and refuses to cancel it again or an unknown one', async () => {
    const { core, ann, projectId, admin } = await world();
    const invitation = await core.invitations.create({ projectId, email: 'ann@example.com' });
    const cancelled = await admin('invitation', 'cancel', '--id', invitation.id);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain('Cancelled the invitation of ann@example.com to Analytics.');
    await expect(core.invitations.accept(ann, invitation.id)).rejects.toMatchObject({ code: 'INVITATION_CANCELLED' });
    const [again, unknown] = await Promise.all([admin('invitation', 'cancel', '--id', invitation.id, '--json'), admin('invitation', 'cancel', '--id', 'inv_missing')]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'INVITATION_CANCELLED' } });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No invitation has the id inv_missing.');
  });
});
