import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { fastTestHasher, openCore, type Core } from '../../src/core/index.ts';
import { fileCore, makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { runCli } from '../support/cli.ts';
import { eventually, flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'invitee@example.com';
const INVITER = 'ann@example.com';
/** Long enough that nothing in a test is re-read by polling: only the dashboard's own actions refresh. */
const NO_POLLING_MS = 600_000;

/** Runs work of another process while the dashboard keeps polling (its updates inside act). */
async function meanwhile<T>(work: () => Promise<T>): Promise<T> {
  let result!: T;
  await act(async () => {
    result = await work();
  });
  return result;
}

/** An account with one pending invitation to "Churn Model" from an admin, with a reason. */
async function setup(core: Core) {
  const accountId = await makeAccount(core, EMAIL);
  const inviterId = (await core.accounts.create({ email: INVITER, name: 'Ann Admin', password: PASSWORD })).id;
  const project = await core.projects.create({ name: 'Churn Model', limits: { users: 5 } });
  await core.projects.addMember({ projectId: project.id, email: INVITER, role: 'admin' });
  const invitation = await core.invitations.create({
    projectId: project.id,
    email: EMAIL,
    role: 'guest',
    reason: 'Could you review the churn model before Friday?',
    invitedBy: { accountId: inviterId },
  });
  return { accountId, project, invitation };
}

/** Logs in and opens Account Settings › Invitations with the keyboard in the section. */
async function openInvitations(core: Core, options: { pollIntervalMs?: number } = {}) {
  harness = await renderDashboard(core, options);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('i');
  await harness.waitFor('Enter/→ open');
  await harness.press(KEY.enter);
  await harness.waitFor('Enter/a accept');
  return harness;
}

describe('invitations', () => {
  it('lists each pending invitation with its project, role, inviter, reason and when it expires', async () => {
    const { core } = testCore();
    await setup(core);
    const h = await openInvitations(core);
    const frame = flat(h.frame());
    expect(frame).toContain('Invitations (1 pending)');
    expect(frame).toMatch(/❯ Churn Model guest in 7 days Ann Admin \(ann@example\.com\)/);
    expect(frame).toContain('“Could you review the churn model before Friday?”');
    expect(frame).toMatch(/Expires in 7 days \(22 Jan 2026, \d\d:\d\d [A-Z][A-Za-z0-9+-]+\)/);
    expect(frame).toContain('d decline');
  });

  it('accepts with Enter after asking (the question names the project): the account becomes a member and the project opens; Esc returns to Invitations', async () => {
    const { core } = testCore();
    const { accountId, project, invitation } = await setup(core);
    const h = await openInvitations(core);
    expect(h.frame()).toContain('Enter/a accept Churn Model');
    await h.press(KEY.enter);
    const asked = flat(await h.waitFor('Accept the invitation to Churn Model?'));
    expect(asked).toContain('You join Churn Model as guest and the project opens.');
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'pending' });
    await h.press(KEY.enter);
    const frame = await h.waitFor('Limits & usage');
    expect(frame).toContain('Home › Account Settings › Churn Model');
    expect(frame).toMatch(/invitee@example\.com\s+guest/);
    const joined = await core.projects.get(project.id);
    expect(joined.members).toEqual(expect.arrayContaining([expect.objectContaining({ accountId, role: 'guest' })]));
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'accepted' });
    await h.press(KEY.escape);
    await h.waitFor('❯ 2 Invitations');
    await h.press(KEY.enter);
    await h.waitFor('No pending invitations.');
  });

  it('accepts with a as well', async () => {
    const { core } = testCore();
    const { accountId } = await setup(core);
    const h = await openInvitations(core);
    await h.press('a');
    await h.waitFor('Accept the invitation to Churn Model?');
    await h.press('y');
    await h.waitFor('Limits & usage');
    await expect(core.projects.listForAccount(accountId)).resolves.toEqual([expect.objectContaining({ name: 'Churn Model' })]);
  });

  it('asks before declining; n keeps the invitation, y declines it for good', async () => {
    const { core } = testCore();
    const { accountId, project, invitation } = await setup(core);
    const h = await openInvitations(core);
    await h.press('d');
    const dialog = flat(await h.waitFor('Decline the invitation to Churn Model?'));
    expect(dialog).toContain('You will lose the opportunity to enter the project.');
    expect(h.frame()).toContain('y/Enter decline');
    await h.press('n');
    await h.waitFor('Enter/a accept');
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'pending' });
    await h.press('d');
    await h.waitFor('Decline the invitation to Churn Model?');
    await h.press('y');
    const after = await h.waitFor('✔ Declined the invitation to Churn Model.');
    expect(after).toContain('No pending invitations.');
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'declined' });
    await expect(core.accounts.securityActivity(accountId)).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ type: 'invitation.declined' })]));
    expect((await core.projects.get(project.id)).members.map((member) => member.accountId)).not.toContain(accountId);
  });

  it('explains what invitations are when none is pending', async () => {
    const { core } = testCore();
    await makeAccount(core, EMAIL);
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Your projects');
    await harness.press('i');
    const frame = flat(await harness.waitFor('No pending invitations.'));
    expect(frame).toContain('When a project admin invites your email to a project, the invitation shows up here');
    await harness.press(KEY.enter);
    await harness.waitFor('Esc/← sections');
    expect(harness.frame()).not.toContain('d decline');
  });
});

describe('invitation errors', () => {
  type Stale = ReturnType<typeof testCore> & Awaited<ReturnType<typeof setup>>;

  /** Opens the list without polling, lets `change` make the invitation on screen stale, then answers it. */
  async function answerStale(change: (stale: Stale) => Promise<unknown> | void, answer: 'accept' | 'decline' = 'accept') {
    const base = testCore();
    const stale: Stale = { ...base, ...(await setup(base.core)) };
    const h = await openInvitations(base.core, { pollIntervalMs: NO_POLLING_MS });
    await change(stale);
    if (answer === 'decline') {
      await h.press('d');
      await h.waitFor('Decline the invitation');
      await h.press('y');
    } else {
      await h.press(KEY.enter);
      await h.waitFor('Accept the invitation');
      await h.press('y');
    }
    return { ...stale, h };
  }

  it('says an invitation has expired, and drops it from the list', async () => {
    // Past its expiry, the invitation's end moved rather than the clock: 8 days on, the session would have ended too.
    const { h } = await answerStale(({ store, clock, invitation }) =>
      store.transact(async (tx) => {
        const stored = await tx.get('invitations', invitation.id);
        if (stored) stored.expiresAt = new Date(clock.now().getTime() - 1000).toISOString();
      }),
    );
    const frame = await h.waitFor('✖ That invitation has expired; ask for a new one.');
    expect(frame).not.toContain('Limits & usage');
    await h.waitFor('No pending invitations.');
  });

  it('says an invitation was already answered (in Slack, say)', async () => {
    const { h, core, accountId, invitation } = await answerStale(({ core, accountId, invitation }) => core.invitations.decline(accountId, invitation.id));
    await h.waitFor('✖ That invitation was already answered.');
    await h.waitFor('No pending invitations.');
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'declined' });
    await expect(core.projects.listForAccount(accountId)).resolves.toEqual([]);
  });

  it('says an invitation was cancelled by the sender, also when declining', async () => {
    const { h } = await answerStale(({ core, invitation }) => core.invitations.cancel(invitation.id), 'decline');
    await h.waitFor('✖ That invitation was cancelled by the sender.');
    await h.waitFor('No pending invitations.');
  });

  it('closes the invitation and opens the project when the account is already a member, keeping its role', async () => {
    const { h, accountId, invitation, core, project } = await answerStale(({ core, project }) => core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'readOnly' }));
    const frame = await h.waitFor('Limits & usage');
    expect(frame).toContain('Churn Model');
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'accepted' });
    expect((await core.projects.get(project.id)).members).toEqual(expect.arrayContaining([expect.objectContaining({ accountId, role: 'readOnly' })]));
  });

  it('says an invitation addressed to someone else is not yours', async () => {
    const base = testCore();
    const { project } = await setup(base.core);
    const foreign = await base.core.invitations.create({ projectId: project.id, email: 'someone.else@example.com' });
    // A list that (wrongly) offers another person's invitation: the core still refuses it.
    const core: Core = {
      ...base.core,
      signedIn: (token, options) => {
        const real = base.core.signedIn(token, options);
        return { ...real, invitations: { ...real.invitations, listPending: async () => [foreign, ...(await real.invitations.listPending())] } };
      },
    };
    const h = await openInvitations(core);
    await h.press(KEY.enter);
    await h.waitFor('Accept the invitation');
    await h.press('y');
    await h.waitFor('✖ That invitation is addressed to someone else.');
    await expect(base.core.invitations.list({ email: 'someone.else@example.com' })).resolves.toEqual({ items: [expect.objectContaining({ status: 'pending' })], next: null });
  });
});

describe('invitations from other processes', () => {
  it('shows an invitation the operator CLI sends, and drops one answered elsewhere, without a restart', async () => {
    const { core, dataDir } = await fileCore(new Date().toISOString());
    await makeAccount(core, EMAIL);
    const project = await core.projects.create({ name: 'Quarterly Forecast' });
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Your projects');
    await harness.press('i');
    await harness.press(KEY.enter);
    await harness.waitFor('No pending invitations.');

    const sent = await meanwhile(() => runCli(['--data', dataDir, 'admin', 'invite', '--project', project.id, '--email', EMAIL, '--role', 'readOnly', '--reason', 'Numbers for Q3']));
    expect(sent.code, sent.stderr).toBe(0);
    const frame = flat(await harness.waitFor('Quarterly Forecast'));
    expect(frame).toContain('readOnly');
    expect(frame).toContain('Keboola operator');
    expect(frame).toContain('“Numbers for Q3”');

    // The Slack app is another process on the same files: a second core with its own cache.
    await meanwhile(async () => {
      const slack = await openCore({ dataDir, hasher: fastTestHasher(), env: {} });
      const account = await slack.accounts.findByEmail(EMAIL);
      const [pending] = await slack.invitations.listPending(account!.id);
      await slack.invitations.accept(account!.id, pending!.id);
    });
    await harness.waitFor('No pending invitations.');
  });
});
