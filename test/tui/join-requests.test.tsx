import { afterEach, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { JOIN_REQUEST_REASON_MAX_LENGTH, type Core } from '../../src/core/index.ts';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';

const PASTE = (text: string) => `\x1b[200~${text}\x1b[201~`;

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

  it('lets an admin approve one request and reject another, giving no reason', async () => {
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
    await harness.waitFor('Reject the request of carl@example.com to join Sales?');
    await harness.press(KEY.enter);
    await harness.waitFor('Rejected the request of carl@example.com to join Sales.');
    expect((await core.joinRequests.listOwn(carl))[0]).toMatchObject({ status: 'rejected', rejectionReason: null });
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

describe('dashboard: rejecting a join request with a reason', () => {
  /** Boss admins Sales; Eve asks to join it (with her own reason); Boss opens the section with the keyboard in it. */
  async function bossWithRequest(options: { columns?: number; rows?: number } = {}) {
    const { core } = testCore();
    await makeAccount(core, 'boss@example.com');
    const eve = await makeAccount(core, 'eve@example.com');
    const sales = await core.projects.create({ name: 'Sales' });
    await core.projects.addMember({ projectId: sales.id, email: 'boss@example.com', role: 'admin' });
    const request = await core.joinRequests.request(eve, { projectId: sales.id, reason: 'Q4 numbers' });
    harness = await renderDashboard(core, options);
    await openRequests(harness, 'boss@example.com');
    await harness.waitFor('r reject');
    return { core, eve, request, h: harness };
  }

  const rejectionNotices = async (core: Core, accountId: string) =>
    (await core.notifications.listForAccount(accountId)).items.filter((notification) => notification.title.includes('was rejected'));

  it('r asks for a reason; typed and pasted text (line breaks made spaces) is sent to the requester, who sees it in the dashboard and the bell', async () => {
    const { core, eve, h } = await bossWithRequest({ columns: 160 });
    await h.press('r');
    const dialog = flat(await h.waitFor('Reject the request of eve@example.com to join Sales?'));
    expect(dialog).toContain('They asked: “Q4 numbers”');
    expect(dialog).toContain('Reason (shown to them)');
    expect(dialog).toContain('Enter reject');
    // Keys that act elsewhere are text here: q neither quits nor leaves.
    await h.press('Ask Ben; q');
    await h.press(PASTE('uarterly\nnumbers are his'));
    await h.waitFor('Ask Ben; quarterly numbers are his');
    await h.press(KEY.enter);
    await h.waitFor('Rejected the request of eve@example.com to join Sales, with your reason.');
    expect((await core.joinRequests.listOwn(eve))[0]).toMatchObject({ status: 'rejected', rejectionReason: 'Ask Ben; quarterly numbers are his' });
    const [notice] = await rejectionNotices(core, eve);
    expect(notice?.message).toContain('rejected your request to join Sales: "Ask Ben; quarterly numbers are his".');

    await h.unmount();
    harness = await renderDashboard(core, { columns: 160 });
    await openRequests(harness, 'eve@example.com');
    await harness.waitFor('Rejected: “Ask Ben; quarterly numbers are his”');
  });

  it('shows a reason the core refuses on the field, in the core’s words; nothing changes, and the field keeps the keyboard', async () => {
    const { core, eve, request, h } = await bossWithRequest({ columns: 160 });
    await h.press('r');
    await h.waitFor('Reject the request of eve@example.com');
    await h.press(PASTE('x'.repeat(JOIN_REQUEST_REASON_MAX_LENGTH + 1)));
    await h.press(KEY.enter);
    await h.waitFor(`The reason must be at most ${JOIN_REQUEST_REASON_MAX_LENGTH} characters; got ${JOIN_REQUEST_REASON_MAX_LENGTH + 1}.`);
    expect(h.frame()).toContain('Reject the request of eve@example.com');
    expect(await core.joinRequests.get(eve, request.id)).toEqual(request);

    // Still in the field: a key edits the reason, and the message goes with the change.
    await h.press(KEY.backspace);
    await h.waitUntil((frame) => !frame.includes('The reason must be'), 'the message to go once the reason changed');
    await h.press('\x15');
    // An invisible zero-width space would make two different reasons look the same.
    await h.press(PASTE('Ask\u200bBen'));
    await h.press(KEY.enter);
    await h.waitFor('The reason must not contain invisible formatting characters');
    expect(await core.joinRequests.get(eve, request.id)).toEqual(request);
    expect(await rejectionNotices(core, eve)).toEqual([]);

    await h.press('\x15');
    await h.press('Ask Ben');
    await h.press(KEY.enter);
    await h.waitFor('Rejected the request of eve@example.com to join Sales, with your reason.');
    expect((await core.joinRequests.get(eve, request.id)).rejectionReason).toBe('Ask Ben');
  });

  it('Esc cancels: the request stays pending, the requester is told nothing, and the list has the keyboard again', async () => {
    const { core, eve, request, h } = await bossWithRequest();
    await h.press('r');
    await h.waitFor('Reject the request of eve@example.com');
    await h.press('never mind');
    await h.waitFor('never mind');
    await h.press(KEY.escape);
    await h.waitUntil((frame) => !frame.includes('Reject the request of') && frame.includes('r reject'), 'the dialog to close');
    expect((await core.joinRequests.get(eve, request.id)).status).toBe('pending');
    expect(await rejectionNotices(core, eve)).toEqual([]);
    // Opened again, the field starts empty.
    await h.press('r');
    expect(flat(await h.waitFor('Reject the request of eve@example.com'))).not.toContain('never mind');
  });

  it('a request answered meanwhile closes the dialog and says who answered', async () => {
    const { core, eve, request, h } = await bossWithRequest();
    await h.press('r');
    await h.waitFor('Reject the request of eve@example.com');
    await core.joinRequests.approve(request.id, undefined);
    await h.press('too late');
    await h.waitFor('too late');
    await h.press(KEY.enter);
    await h.waitFor(/already approved by/);
    expect(h.frame()).not.toContain('Reject the request of');
    expect((await core.joinRequests.get(eve, request.id)).status).toBe('approved');
  });

  it('keeps wide characters on the field’s one line, within the terminal, before and after a resize', async () => {
    const { core, eve, request, h } = await bossWithRequest({ columns: 120 });
    await h.press('r');
    await h.waitFor('Reject the request of eve@example.com');
    const wide = '数字はベンに聞いて'.repeat(8);
    await h.press(wide);
    const fits = (frame: string, columns: number) => {
      const lines = frame.split('\n');
      // The field is one line however wide its text, and nothing runs past the terminal's edge.
      return lines.filter((line) => line.includes('数') || line.includes('聞')).length === 1 && lines.every((line) => stringWidth(line) <= columns);
    };
    await h.waitUntil((frame) => frame.includes('聞いて') && fits(frame, 120), 'the reason on one line within 120 columns');
    await h.resize(90, 40);
    await h.waitUntil((frame) => fits(frame, 90) && frame.includes('Enter reject'), 'the dialog within 90 columns');
    await h.press(KEY.enter);
    await h.waitFor('with your reason');
    expect((await core.joinRequests.get(eve, request.id)).rejectionReason).toBe(wide);
  });
});
