import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

/** Opens Account Settings › Join Requests (section 7) with the keyboard in it. */
async function openRequests(h: Harness, email: string) {
  await login(h, email, PASSWORD);
  await h.waitFor('Your projects');
  await h.press('s');
  await h.waitFor('Enter/→ open');
  await h.press('7');
  await h.waitFor('n ask to join a project');
}

describe('dashboard: join requests', () => {
  it('asks to join a project by its number, sees the request pending, and cancels it', async () => {
    const { core } = testCore();
    const eve = await makeAccount(core, 'eve@example.com');
    const sales = await core.projects.create({ name: 'Sales' });
    harness = await renderDashboard(core);
    await openRequests(harness, 'eve@example.com');
    await harness.press('n');
    await harness.waitFor('Ask to join a project');
    await harness.press(String(sales.numericId));
    await harness.press(KEY.tab);
    await harness.press('Quarterly numbers');
    await harness.press(KEY.tab);
    await harness.press('14');
    await harness.press(KEY.enter);
    const listed = flat(await harness.waitFor('Asked to join Sales'));
    expect(listed).toMatch(/you Sales pending in 7 days/);
    expect(listed).toContain('“Quarterly numbers”');
    expect((await core.joinRequests.listOwn(eve))[0]).toMatchObject({ status: 'pending', membershipDays: 14, reason: 'Quarterly numbers' });

    await harness.press('c');
    await harness.waitFor('Cancelled your request to join Sales.');
    expect((await core.joinRequests.listOwn(eve))[0]?.status).toBe('cancelled');
  });

  it('says what is wrong with an unknown project, and a second request to the same project', async () => {
    const { core } = testCore();
    const eve = await makeAccount(core, 'eve@example.com');
    const sales = await core.projects.create({ name: 'Sales' });
    await core.joinRequests.request(eve, { projectId: sales.id });
    harness = await renderDashboard(core);
    await openRequests(harness, 'eve@example.com');
    await harness.press('n');
    await harness.press('999');
    await harness.press(KEY.enter);
    await harness.waitFor('That project no longer exists.');
    await harness.press('\x15');
    await harness.press(sales.id);
    await harness.press(KEY.enter);
    await harness.waitFor('You already asked to join Sales');
  });

  it('lets an admin approve one request and reject another after a confirmation', async () => {
    const { core, clock } = testCore();
    await makeAccount(core, 'boss@example.com');
    const eve = await makeAccount(core, 'eve@example.com');
    const carl = await makeAccount(core, 'carl@example.com');
    const sales = await core.projects.create({ name: 'Sales' });
    await core.projects.addMember({ projectId: sales.id, email: 'boss@example.com', role: 'admin' });
    await core.joinRequests.request(eve, { projectId: sales.id, reason: 'Q4' });
    // Oldest first: Carl asks a minute later, so the order is certain.
    clock.advance({ minutes: 1 });
    await core.joinRequests.request(carl, { projectId: sales.id });
    harness = await renderDashboard(core);
    await openRequests(harness, 'boss@example.com');
    const frame = flat(await harness.waitFor('a approve'));
    expect(frame).toMatch(/→ eve@example\.com Sales pending/);
    await harness.press('a');
    await harness.waitFor('Approve the request of eve@example.com?');
    await harness.press(KEY.enter);
    await harness.waitFor('Approved the request of eve@example.com to join Sales as guest.');
    expect((await core.projects.listForAccount(eve)).map((p) => [p.name, p.membership.role])).toEqual([['Sales', 'guest']]);
    await harness.waitFor('carl@example.com');
    await harness.press('r');
    await harness.waitFor('Reject the request of carl@example.com?');
    await harness.press('y');
    await harness.waitFor('Rejected the request of carl@example.com to join Sales.');
    expect((await core.joinRequests.listOwn(carl))[0]?.status).toBe('rejected');
  });

  it('asks which role on approve, guest preselected; Esc leaves the request pending', async () => {
    const { core } = testCore();
    await makeAccount(core, 'boss@example.com');
    const eve = await makeAccount(core, 'eve@example.com');
    const sales = await core.projects.create({ name: 'Sales' });
    await core.projects.addMember({ projectId: sales.id, email: 'boss@example.com', role: 'admin' });
    await core.joinRequests.request(eve, { projectId: sales.id, membershipSeconds: 90_000 });
    // Wide enough that the dialog's sentence is on one line.
    harness = await renderDashboard(core, { columns: 200 });
    await openRequests(harness, 'boss@example.com');
    await harness.waitFor('a approve');
    await harness.press('a');
    let dialog = flat(await harness.waitFor('Approve the request of eve@example.com?'));
    expect(dialog).toContain('They become a member of Sales for 1 day and 1 hour with the role you choose.');
    expect(dialog).toMatch(/◉ guest/);
    expect(dialog).toContain('Enter approve as guest');
    await harness.press(KEY.escape);
    await harness.waitFor('a approve');
    expect((await core.joinRequests.listOwn(eve))[0]?.status).toBe('pending');

    await harness.press('a');
    await harness.waitFor('Approve the request of eve@example.com?');
    await harness.press(KEY.right);
    dialog = flat(await harness.waitFor('Enter approve as readOnly'));
    expect(dialog).toMatch(/◉ readOnly/);
    await harness.press(KEY.enter);
    await harness.waitFor('Approved the request of eve@example.com to join Sales as readOnly.');
    expect((await core.projects.listForAccount(eve)).map((p) => [p.name, p.membership.role])).toEqual([['Sales', 'readOnly']]);
    expect((await core.joinRequests.listOwn(eve))[0]).toMatchObject({ status: 'approved', approvedRole: 'readOnly' });
  });

  it('shows the requester the role an approval gave and the reason of a rejection', async () => {
    const { core, clock } = testCore();
    const boss = await makeAccount(core, 'boss@example.com');
    const eve = await makeAccount(core, 'eve@example.com');
    const sales = await core.projects.create({ name: 'Sales' });
    const finance = await core.projects.create({ name: 'Finance' });
    await core.projects.addMember({ projectId: sales.id, email: 'boss@example.com', role: 'admin' });
    await core.projects.addMember({ projectId: finance.id, email: 'boss@example.com', role: 'admin' });
    const rejected = await core.joinRequests.request(eve, { projectId: finance.id });
    clock.advance({ minutes: 1 });
    const approved = await core.joinRequests.request(eve, { projectId: sales.id });
    await core.joinRequests.reject(rejected.id, { accountId: boss }, { reason: 'Ask Ben for the numbers' });
    await core.joinRequests.approve(approved.id, { accountId: boss }, { role: 'share' });
    harness = await renderDashboard(core, { columns: 160 });
    await openRequests(harness, 'eve@example.com');
    // Newest first: the approved request is selected.
    expect(flat(await harness.waitFor('Approved as share.'))).toMatch(/you Sales approved/);
    await harness.press(KEY.down);
    await harness.waitFor('Rejected: “Ask Ben for the numbers”');
  });
});
