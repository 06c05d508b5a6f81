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
    await harness.waitFor('Esc/← sections');
    await harness.press(KEY.escape);
    await harness.waitFor('Enter/→ open');
    await harness.press(KEY.escape);
    await harness.waitUntil((current) => current.includes('Your projects') && !current.includes('Account Settings'), 'home again');
  });

  it('shows the keys that work on each screen in the footer', async () => {
    const { harness } = await signedIn();
    expect(harness.frame()).toContain('Enter/→ open');
    expect(harness.frame()).toContain('s settings');
    expect(harness.frame()).toContain('q quit');
    await harness.press(KEY.enter);
    await harness.waitFor('s account settings');
    expect(harness.frame()).toContain('Esc/← back');
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

describe('discoverability', () => {
  const footerOf = (frame: string): string => frame.trimEnd().split('\n').at(-1) ?? '';

  it('? lists every key of the screen, from the hints its footer shows; Esc closes it and the screen is as it was', async () => {
    const { harness } = await signedIn({ columns: 80, rows: 24 });
    const home = harness.frame();
    // At 80 columns the footer shows what fits and points to the rest.
    expect(footerOf(home)).toMatch(/^ Enter\/→ open {2}i invitations {2}t tokens {2}n notifications {2}\? more keys$/);
    await harness.press('?');
    const help = await harness.waitFor('Keys on this screen: Home');
    for (const [key, label] of [['Enter/→', 'open'], ['i', 'invitations'], ['t', 'tokens'], ['n', 'notifications'], ['s', 'settings'], ['↑↓', 'move'], ['L', 'log out'], ['q', 'quit'], ['Ctrl+C', 'quit, from anywhere'], ['?', 'this list of keys']] as const) {
      expect(help).toMatch(new RegExp(`│ ${key.replace(/[?+]/g, '\\$&')} +${label}`));
    }
    expect(help).not.toContain('Your projects');
    expect(footerOf(help)).toMatch(/Esc\/\? close {2}q quit/);
    // Keys of the screen underneath do nothing while the list is open.
    await harness.press('i');
    expect(harness.frame()).toContain('Keys on this screen: Home');
    await harness.press(KEY.escape);
    await harness.waitUntil((frame) => frame.includes('Your projects') && !frame.includes('Keys on this screen'), 'home again');
    expect(footerOf(harness.frame())).toBe(footerOf(home));
  });

  it('? follows the screen: in a project it lists the project keys; ? closes it again', async () => {
    const { harness } = await signedIn();
    await harness.press(KEY.enter);
    await harness.waitFor('Limits & usage');
    expect(footerOf(harness.frame())).toMatch(/q quit {2}\? keys$/);
    await harness.press('?');
    const help = await harness.waitFor('Keys on this screen: Warehouse');
    expect(help).toMatch(/│ s +account settings/);
    expect(help).toMatch(/│ Esc\/← +back/);
    await harness.press('?');
    await harness.waitUntil((frame) => frame.includes('Limits & usage') && !frame.includes('Keys on this screen'), 'the project again');
  });

  it('? typed into a text field is text, not the list of keys', async () => {
    const { harness } = await signedIn();
    await harness.press('s');
    await harness.press(KEY.enter);
    await harness.waitFor('❯ Change password');
    await harness.press(KEY.enter);
    await harness.waitFor('Current password');
    expect(footerOf(harness.frame())).not.toContain('? ');
    await harness.press('?');
    expect(harness.frame()).not.toContain('Keys on this screen');
  });

  it('Home at 80 columns shows MFA, pending invitations and unread notifications; i, t, n open their sections', async () => {
    const { harness, core, project } = await signedIn({ columns: 80, rows: 24 });
    // The over-limit project has notified its members once already.
    await harness.waitFor(/^ MFA off \(s\) · no pending invitations \(i\) · ● 1 unread notification \(n\)$/m);
    const other = await core.projects.create({ name: 'Lakehouse' });
    await core.invitations.create({ projectId: other.id, email: EMAIL });
    await core.notifications.publish({ kind: 'announcement', title: 'Hello', message: 'Hi', audience: { type: 'project', projectId: project.id } });
    await harness.waitFor(/^ MFA off \(s\) · 1 invitation pending \(i\) · ● 2 unread notifications \(n\)$/m);
    for (const [key, section] of [['i', 'Invitations (1 pending)'], ['t', 'Access Tokens'], ['n', 'Notifications ●']] as const) {
      await harness.press(key);
      await harness.waitFor(section);
      await harness.press(KEY.escape);
      await harness.press(KEY.escape);
      await harness.waitUntil((frame) => frame.includes('Your projects') && !frame.includes('Account Settings'), 'home again');
    }
  });
});

describe('the way back', () => {
  it('← goes back wherever → opens: a project from home, a section from the menu, the menu to the screen before', async () => {
    const { harness } = await signedIn();
    await harness.press(KEY.right);
    await harness.waitFor('Limits & usage');
    await harness.press(KEY.left);
    await harness.waitUntil((frame) => frame.includes('Your projects') && !frame.includes('Limits & usage'), 'home again');
    await harness.press('s');
    await harness.waitFor('Enter/→ open');
    await harness.press(KEY.down);
    await harness.press(KEY.right);
    await harness.waitFor('Esc/← sections');
    await harness.press(KEY.left);
    await harness.waitFor('Enter/→ open');
    await harness.press(KEY.left);
    await harness.waitUntil((frame) => frame.includes('Your projects') && !frame.includes('Account Settings'), 'home again');
  });

  it('← in a text field does not leave the form', async () => {
    const { harness } = await signedIn();
    await harness.press('s');
    await harness.press(KEY.enter);
    await harness.waitFor('❯ Change password');
    await harness.press(KEY.enter);
    await harness.waitFor('Current password');
    await harness.press('abc');
    await harness.press(KEY.left);
    expect(harness.frame()).toContain('Current password');
  });
});

describe('the footer', () => {
  it('never shows the keys of the previous screen, not even for one frame', async () => {
    const { harness } = await signedIn();
    const footerOf = (frame: string): string => frame.trimEnd().split('\n').at(-1) ?? '';
    const steps: [string, string, RegExp][] = [
      [KEY.enter, 'Limits & usage', /i invitations/],
      ['s', 'Enter/→ open', /scroll members/],
      [KEY.enter, 'Esc/← sections', /Enter\/→ open/],
    ];
    for (const [key, shown, previous] of steps) {
      const before = harness.frames().length;
      await harness.press(key);
      await harness.waitFor(shown);
      const written = harness.frames().slice(before).filter((frame) => frame.includes(shown));
      expect(written.length).toBeGreaterThan(0);
      for (const frame of written) expect(footerOf(frame)).not.toMatch(previous);
    }
  });
});
