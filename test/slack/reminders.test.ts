import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { enableMfa } from '../core/mfa/mfa-helpers.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, click, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';

const BASE = 'https://kbc.example.com/admin/projects/';

/** Ann, linked, in project Sales; nothing queued for her yet. */
async function annInSales(options: { projectBaseUrl?: string } = {}) {
  const h = await startHarness(options);
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const sales = await h.core.projects.create({ name: 'Sales' });
  await h.slack.delivery.deliverDue();
  return { h, ann, sales };
}

/** Ann's DMs posted so far, oldest first. */
const dms = (h: Harness) => h.api.callsTo('chat.postMessage').filter((call) => call.args['channel'] === ANN.userId);

/** The DM recorded for `ref`, as Slack shows it now. */
async function dm(h: Harness, ref: string) {
  const posted = await h.core.outbox.messageFor(ref);
  if (!posted) throw new Error(`no DM recorded for ${ref}`);
  return { posted, shown: () => h.api.messages.get(`${posted.channel}/${posted.ts}`)! };
}

describe('membership reminders as their own DMs', () => {
  it('reminds 7 days and 1 day before in a DM each: the project (linked), the date, My projects; no second DM from the bell', async () => {
    const { h, ann, sales } = await annInSales({ projectBaseUrl: BASE });
    await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', membershipDays: 10 });
    const until = (await h.core.projects.getForAccount(ann, sales.id)).membership.expiresAt!;
    const posted = dms(h).length;

    h.clock.advance({ days: 3 });
    await h.core.projects.sweepMemberships();
    await h.slack.delivery.deliverDue();
    expect(dms(h)).toHaveLength(posted + 1);
    const week = await dm(h, `membership:${sales.id}:${ann}:${until}:7d`);
    const words = textOf(week.shown().blocks);
    expect(words).toContain(`Your membership of *<${BASE}${sales.numericId}|Sales>* ends <!date^${Math.floor(Date.parse(until) / 1000)}^{date_short_pretty} at {time}|`);
    expect(words).toContain('in 7 days');
    expect(String(week.shown().text)).toBe('Your membership of Sales ends in 7 days.');
    expect(actionIdsOf(week.shown().blocks)).toEqual([ACTION.openProjects]);
    // The bell has it too.
    expect((await h.core.notifications.listForAccount(ann)).items.map((item) => item.title)).toContain('Your membership of Sales ends in 7 days');

    h.clock.advance({ days: 6 });
    await h.core.projects.sweepMemberships();
    await h.slack.delivery.deliverDue();
    expect(dms(h)).toHaveLength(posted + 2);
    expect(textOf((await dm(h, `membership:${sales.id}:${ann}:${until}:1d`)).shown().blocks)).toContain('in 1 day');

    // My projects opens the list, with "member until".
    await h.interact(click(h, ANN, ACTION.openProjects, undefined, { kind: 'message', ...week.posted }));
    const viewId = [...h.api.views.keys()].at(-1)!;
    expect(h.api.views.get(viewId)!['callback_id']).toBe(CALLBACK.projects);
    expect(textOf(h.api.views.get(viewId))).toMatch(/Sales>\* — Guest · member until <!date\^/);
  });

  it('turns the reminder into "extended" once an operator moved the end, and into "ended" at the end', async () => {
    const { h, ann, sales } = await annInSales();
    await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', membershipDays: 10 });
    const until = (await h.core.projects.getForAccount(ann, sales.id)).membership.expiresAt!;
    h.clock.advance({ days: 3 });
    await h.core.projects.sweepMemberships();
    await h.slack.delivery.deliverDue();
    const week = await dm(h, `membership:${sales.id}:${ann}:${until}:7d`);

    const later = new Date(Date.parse(until) + 20 * 86_400_000);
    await h.core.projects.extendMember({ projectId: sales.id, email: 'ann@example.com', until: later });
    // At the old end the DM is rendered again: the advice gave way to the new date.
    h.clock.advance({ days: 8 });
    await h.slack.delivery.queueRefreshes();
    await h.slack.delivery.deliverDue();
    expect(textOf(week.shown().blocks)).toContain(`was extended: it now ends <!date^${Math.floor(later.getTime() / 1000)}^`);

    // A new reminder for the new end is a DM of its own (only the 1-day one: the 7-day moment passed
    // while no sweep ran), and at the end it says it ended.
    h.clock.advance({ days: 18 });
    await h.core.projects.sweepMemberships();
    await h.slack.delivery.deliverDue();
    const last = await dm(h, `membership:${sales.id}:${ann}:${later.toISOString()}:1d`);
    expect(last.posted).not.toEqual(week.posted);
    h.clock.advance({ days: 2 });
    await h.core.projects.sweepMemberships();
    await h.slack.delivery.queueRefreshes();
    await h.slack.delivery.deliverDue();
    expect(textOf(last.shown().blocks)).toContain('Your membership of *Sales* ended');
    expect(actionIdsOf(last.shown().blocks)).toEqual([ACTION.openRequestAccess, ACTION.openProjects]);
  });

  it('respects the DM preference "Project reminders": no DM, the bell still tells', async () => {
    const { h, ann, sales } = await annInSales();
    await h.core.preferences.setDm(ann, { project_reminder: false });
    await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', membershipDays: 10 });
    const posted = dms(h).length;
    h.clock.advance({ days: 3 });
    await h.core.projects.sweepMemberships();
    await h.slack.delivery.deliverDue();
    expect(dms(h)).toHaveLength(posted);
    expect((await h.core.notifications.listForAccount(ann)).items.map((item) => item.title)).toContain('Your membership of Sales ends in 7 days');
  });
});

describe('the MFA deadline as its own DM', () => {
  it('tells a member without MFA the project and the deadline with the button that opens the MFA steps; once MFA is on, nothing is left to do', async () => {
    const { h, ann, sales } = await annInSales();
    await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com' });
    const posted = dms(h).length;
    const deadline = new Date(h.clock.now().getTime() + 14 * 86_400_000);
    await h.core.projects.requireMfa({ projectId: sales.id, deadline });
    await h.slack.delivery.deliverDue();
    expect(dms(h)).toHaveLength(posted + 1);
    const notice = await dm(h, `project-mfa:${sales.id}:${ann}:${deadline.toISOString()}`);
    expect(textOf(notice.shown().blocks)).toContain(`*Sales* now requires its members to have multi-factor authentication. Yours is off: enable it by <!date^${Math.floor(deadline.getTime() / 1000)}^`);
    expect(actionIdsOf(notice.shown().blocks)).toEqual([ACTION.openMfaSteps]);

    await h.interact(click(h, ANN, ACTION.openMfaSteps, undefined, { kind: 'message', ...notice.posted }));
    expect((h.api.callsTo('views.open').at(-1)!.args['view'] as Record<string, unknown>)['callback_id']).toBe(CALLBACK.mfaSteps);

    await enableMfa(h.core, h.clock, ann);
    h.clock.advance({ days: 15 });
    await h.slack.delivery.queueRefreshes();
    await h.slack.delivery.deliverDue();
    expect(textOf(notice.shown().blocks)).toContain('yours is on: nothing left to do');
    expect(actionIdsOf(notice.shown().blocks)).toEqual([]);
  });

  it('says at the deadline that the project is closed until MFA is on, and is rendered once (no refresh loop)', async () => {
    const { h, ann, sales } = await annInSales();
    await h.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com' });
    const deadline = new Date(h.clock.now().getTime() + 2 * 86_400_000);
    await h.core.projects.requireMfa({ projectId: sales.id, deadline });
    await h.slack.delivery.deliverDue();
    const notice = await dm(h, `project-mfa:${sales.id}:${ann}:${deadline.toISOString()}`);
    h.clock.advance({ days: 3 });
    expect(await h.slack.delivery.queueRefreshes()).toBe(1);
    await h.slack.delivery.deliverDue();
    expect(textOf(notice.shown().blocks)).toContain('you cannot open it until you enable MFA');
    expect(actionIdsOf(notice.shown().blocks)).toEqual([ACTION.openMfaSteps]);
    expect(await h.slack.delivery.queueRefreshes()).toBe(0);
  });
});
