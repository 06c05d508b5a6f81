import { afterEach, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/core/index.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'invitee@example.com';

/** The base32 secret shown on screen, grouped or not. */
function secretOnScreen(frame: string): string {
  const match = /((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}|[A-Z2-7]{32})/.exec(frame);
  if (!match?.[1]) throw new Error(`No secret on screen:\n${frame}`);
  return match[1].replace(/ /g, '');
}

/** An account invited to "Finance", which requires MFA, for 30 days of membership. */
async function setup() {
  const t = testCore();
  const accountId = await makeAccount(t.core, EMAIL);
  const project = await t.core.projects.create({ name: 'Finance' });
  await t.core.projects.requireMfa({ projectId: project.id });
  const invitation = await t.core.invitations.create({ projectId: project.id, email: EMAIL, membershipExpiresInDays: 30 });
  return { ...t, accountId, project, invitation };
}

async function openInvitations(core: Parameters<typeof renderDashboard>[0], ready = 'Enter/a accept') {
  harness = await renderDashboard(core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('i');
  await harness.waitFor('Enter/→ open');
  await harness.press(KEY.enter);
  await harness.waitFor(ready);
  return harness;
}

describe('dashboard: projects that require MFA, time-boxed membership', () => {
  it('says "MFA required" up front, guides through enabling MFA, and comes back to finish the accept', async () => {
    const { core, clock, accountId, project, invitation } = await setup();
    const h = await openInvitations(core);
    const list = flat(h.frame());
    expect(list).toMatch(/❯ Finance guest MFA required/);
    expect(list).toContain('This project requires multi-factor authentication.');
    expect(list).toContain('Membership for 30 days from the accept.');

    await h.press(KEY.enter);
    await h.waitFor('Accept the invitation to Finance?');
    await h.press('y');
    const guide = flat(await h.waitFor('Finance requires multi-factor authentication'));
    expect(guide).toContain('This project requires users to have multi-factor authentication enabled');
    expect(guide).toContain('Enter enable MFA now');
    await h.press(KEY.enter);
    const qr = await h.waitFor('Scan the QR code');
    expect(qr).toContain('Step 2 of 3');
    await h.press(await totpCodeAt(secretOnScreen(qr), clock.now()));
    await h.press(KEY.enter);
    await h.waitFor('Save these codes now');
    await h.press(KEY.enter);
    // Back to the accept, done without looking for the invitation again: the project opens.
    const opened = flat(await h.waitFor('Limits & usage'));
    expect(opened).toContain('Finance');
    expect(opened).toContain('Your membership ends in about 1 month: member until 14 Feb 2026.');
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'accepted' });
    expect((await core.projects.getForAccount(accountId, project.id)).membership.expiresAt).not.toBeNull();
  });

  it('Esc in the guide goes back and leaves the invitation open', async () => {
    const { core, accountId, invitation } = await setup();
    const h = await openInvitations(core);
    await h.press(KEY.enter);
    await h.waitFor('Accept the invitation to Finance?');
    await h.press('y');
    await h.waitFor('Enter enable MFA now');
    await h.press(KEY.escape);
    await h.waitFor('Enter/a accept');
    await expect(core.invitations.get(accountId, invitation.id)).resolves.toMatchObject({ status: 'pending' });
  });

  it('shows the invitation history read-only with h', async () => {
    const { core, accountId, invitation } = await setup();
    await core.invitations.decline(accountId, invitation.id);
    const h = await openInvitations(core, 'h history');
    await h.waitFor('No pending invitations');
    await h.press('h');
    const frame = flat(await h.waitFor('Invitation history'));
    expect(frame).toMatch(/Finance declined/);
    expect(frame).toContain('Esc/h back to pending');
    await h.press(KEY.escape);
    await h.waitFor('No pending invitations');
  });

  it('leaves a project after a confirmation, and refuses the last admin with the reason', async () => {
    const { core } = testCore();
    const accountId = await makeAccount(core, EMAIL);
    const shared = await core.projects.create({ name: 'Shared' });
    const own = await core.projects.create({ name: 'Own' });
    await core.projects.addMember({ projectId: shared.id, email: EMAIL });
    await core.projects.addMember({ projectId: own.id, email: EMAIL, role: 'admin' });
    harness = await renderDashboard(core);
    await login(harness, EMAIL, PASSWORD);
    await harness.waitFor('Your projects');
    await harness.press(KEY.enter);
    await harness.waitFor('l leave project');
    await harness.press('l');
    const asked = flat(await harness.waitFor('Leave Own?'));
    expect(asked).toContain('You are its last admin');
    await harness.press('y');
    const refused = flat(await harness.waitFor('last admin of Own'));
    expect(refused).toContain('make another member an admin first');
    expect((await core.projects.listForAccount(accountId)).map((p) => p.name)).toEqual(['Own', 'Shared']);

    await harness.press(KEY.escape);
    await harness.waitFor('Your projects');
    await harness.press(KEY.down);
    await harness.press(KEY.enter);
    await harness.waitFor('Shared');
    await harness.press('l');
    await harness.waitFor('Leave Shared?');
    await harness.press('n');
    await harness.waitFor('l leave project');
    expect((await core.projects.listForAccount(accountId)).map((p) => p.name)).toEqual(['Own', 'Shared']);
    await harness.press('l');
    await harness.press('y');
    await harness.waitUntil((frame) => frame.includes('Your projects') && !frame.includes('Shared'), 'the home screen without Shared');
    expect((await core.projects.listForAccount(accountId)).map((p) => p.name)).toEqual(['Own']);
  });

  it('shows "member until" and, past a project’s MFA deadline, that MFA is needed to open it', async () => {
    const { core, clock } = testCore();
    await makeAccount(core, EMAIL);
    const vault = await core.projects.create({ name: 'Vault' });
    const temp = await core.projects.create({ name: 'Temp' });
    await core.projects.addMember({ projectId: vault.id, email: EMAIL });
    await core.projects.addMember({ projectId: temp.id, email: EMAIL, membershipDays: 10 });
    await core.projects.requireMfa({ projectId: vault.id, deadline: new Date(clock.now().getTime() + 60_000) });
    clock.advance({ minutes: 2 });
    harness = await renderDashboard(core, { columns: 160 });
    await login(harness, EMAIL, PASSWORD);
    const home = flat(await harness.waitFor('Your projects'));
    expect(home).toMatch(/Temp guest 1 — ok · until 25 Jan 2026/);
    expect(home).toMatch(/Vault guest 1 — 🔒 enable MFA to open/);
    await harness.press(KEY.down);
    await harness.press(KEY.enter);
    await harness.waitFor('This project requires users to have multi-factor authentication enabled.');
  });
});
