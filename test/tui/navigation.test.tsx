import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'nav@example.com';

async function signedIn(options: { columns?: number; rows?: number } = {}) {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  const project = await setup.core.projects.create({ name: 'Warehouse', limits: { storage_gb: 10, users: 5 } });
  await setup.core.projects.addMember({ projectId: project.id, email: EMAIL, role: 'admin' });
  await setup.core.projects.recordUsage({ projectId: project.id, metric: 'storage_gb', value: 12 });
  harness = await renderDashboard(setup.core, options);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.waitFor('Warehouse');
  return { ...setup, accountId, project, harness };
}

describe('navigation', () => {
  it('opens a project with Enter and shows its members, limits and usage; Esc goes back', async () => {
    const { harness } = await signedIn();
    await harness.press(KEY.enter);
    const frame = await harness.waitFor('Limits & usage');
    expect(frame).toContain('Home › Warehouse');
    expect(frame).toContain(EMAIL);
    expect(frame).toMatch(/storage_gb.*12 \/ 10 over limit/);
    expect(frame).toMatch(/users.*0 \/ 5/);
    await harness.press(KEY.escape);
    await harness.waitUntil((current) => current.includes('Your projects') && !current.includes('Limits & usage'), 'home again');
  });

  it('reaches Account Settings from inside a project with s, and Esc returns to the project', async () => {
    const { harness } = await signedIn();
    await harness.press(KEY.enter);
    await harness.waitFor('Limits & usage');
    await harness.press('s');
    const frame = await harness.waitFor('Account & Security');
    expect(frame).toContain('Home › Warehouse › Account Settings');
    await harness.press(KEY.escape);
    await harness.waitFor('Limits & usage');
  });

  it('reaches Account Settings from home; its sections are a menu, Enter opens one and Esc returns to the menu', async () => {
    const { harness } = await signedIn();
    await harness.press('s');
    await harness.waitFor('Press Enter to work in this section.');
    for (const label of ['Invitations', 'Access Tokens', 'Notifications', 'Promo Codes', 'Slack']) expect(harness.frame()).toContain(label);
    await harness.press(KEY.down);
    await harness.waitFor('No pending invitations.');
    await harness.press(KEY.enter);
    await harness.waitFor('Esc sections');
    await harness.press(KEY.escape);
    await harness.waitFor('Enter/→ open');
    await harness.press(KEY.escape);
    await harness.waitUntil((current) => current.includes('Your projects') && !current.includes('Account Settings'), 'home again');
  });

  it('shows the keys that work on each screen in the footer', async () => {
    const { harness } = await signedIn();
    expect(harness.frame()).toContain('Enter open project');
    expect(harness.frame()).toContain('s account settings');
    expect(harness.frame()).toContain('q quit');
    await harness.press(KEY.enter);
    await harness.waitFor('s account settings');
    expect(harness.frame()).toContain('Esc back');
  });

  it('does not quit on q inside a text field: it is typed', async () => {
    const { harness } = await signedIn();
    await harness.press('s');
    await harness.press(KEY.enter);
    await harness.waitFor('❯ Change password');
    await harness.press(KEY.enter);
    await harness.waitFor('Current password');
    await harness.press('q');
    await harness.waitFor('•');
    expect(harness.frame()).toContain('Change password');
  });

  it('logs out with L and is back on the login screen', async () => {
    const { harness } = await signedIn();
    await harness.press('L');
    await harness.waitFor('Sign in to Keboola Connection');
    expect(harness.frame()).not.toContain(EMAIL);
  });

  it('says how big the terminal must be when it is too small, and lays out again when it grows', async () => {
    const { harness } = await signedIn();
    await harness.resize(60, 20);
    const frame = await harness.waitFor('Terminal too small');
    expect(frame).toContain('at least 80×24');
    expect(frame).toContain('This one is 60×20');
    await harness.resize(120, 40);
    await harness.waitFor('Your projects');
  });

  it('shows unread notifications as a red dot and a count, updated live from other processes', async () => {
    const { harness, core, project } = await signedIn();
    // Crossing the limit before login already notified the members.
    await harness.waitFor(/🔔 ● 1/);
    await core.notifications.publish({ kind: 'announcement', title: 'Maintenance on Sunday', message: 'The platform is read-only 2–4 am.', audience: { type: 'all' } });
    await harness.waitFor(/🔔 ● 2/);
    expect(project.id).toBeTruthy();
  });

  it('shows a project added by another process without a restart', async () => {
    const { harness, core } = await signedIn();
    const added = await core.projects.create({ name: 'Zeta Reports' });
    await core.projects.addMember({ projectId: added.id, email: EMAIL, role: 'guest' });
    await harness.waitFor('Zeta Reports');
  });

  it('keeps only the visible rows of a long list on screen', async () => {
    const { harness, core } = await signedIn();
    for (let index = 0; index < 60; index += 1) {
      const extra = await core.projects.create({ name: `Project ${String(index).padStart(2, '0')}` });
      await core.projects.addMember({ projectId: extra.id, email: EMAIL, role: 'guest' });
    }
    const frame = await harness.waitFor('of 61');
    expect(frame).toContain('Project 00');
    expect(frame).not.toContain('Project 59');
    await harness.press('\x1b[F');
    await harness.waitFor('Warehouse');
    expect(harness.frame()).not.toContain('Project 00');
  });

  it('points out on home what needs attention, with the key that opens it', async () => {
    const { harness, core, accountId, project } = await signedIn();
    await core.invitations.create({ projectId: project.id, email: 'someone@example.com' });
    const other = await core.projects.create({ name: 'Other' });
    await core.invitations.create({ projectId: other.id, email: EMAIL, role: 'guest' });
    await core.tokens.create(accountId, { description: 'Nightly export', expiresInDays: 2 });
    const frame = await harness.waitFor('1 pending');
    expect(frame).toContain('○ off — enable it');
    expect(frame).toContain('● 1 unread');
    await harness.waitFor('“Nightly export”');
    expect(harness.frame()).toContain('expires in 2 days');
    await harness.press('n');
    await harness.waitFor('Notifications ● 1 unread');
  });
});
