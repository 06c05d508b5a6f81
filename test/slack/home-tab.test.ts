import { describe, expect, it } from 'vitest';
import { DM_KINDS } from '../../src/core/index.ts';
import { makeAccount } from '../support/core.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, click, EVE, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';

const homeOpened = (user: { userId: string }) => ({ type: 'app_home_opened', user: user.userId, channel: 'D0ANN', tab: 'home', event_ts: '1' });

/** Ann, linked, with an invitation, two notifications (one read) and a token. */
async function annAtHome() {
  const h = await startHarness({ tokenRequiresMfa: false });
  const ann = await makeAccount(h.core, 'ann@example.com');
  await linkSlack(h.core, ann, ANN);
  const project = await h.core.projects.create({ name: 'Sales' });
  const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
  const audience = { type: 'all' as const };
  const { notification: old } = await h.core.notifications.publish({ kind: 'announcement', title: 'Old news', message: 'Seen it.', audience });
  await h.core.notifications.markRead(ann, old.id);
  const { notification: fresh } = await h.core.notifications.publish({ kind: 'deprecation', title: 'API v1 goes away', message: 'Move to v2.', audience });
  await h.core.tokens.create(ann, { description: 'nightly export', expiresInDays: 30 });
  return { h, ann, invitation, fresh };
}

const home = (h: Harness) => h.api.homes.get(ANN.userId)!;
const homeWords = (h: Harness) => textOf(home(h));

/** A checkboxes change on the Home tab with these values ticked. */
function tick(h: Harness, values: readonly string[]) {
  const payload = click(h, ANN, ACTION.dmPreferences, undefined, { kind: 'home' });
  return { ...payload, actions: [{ type: 'checkboxes', action_id: ACTION.dmPreferences, block_id: 'kbc_dm_preferences', selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })), action_ts: '1' }] };
}

describe('the Home tab, as workspaces expect it', () => {
  it('shows the latest unread notifications with Mark as read, every token with its expiry and the security summary', async () => {
    const { h, fresh } = await annAtHome();
    await h.event(ANN, homeOpened(ANN));
    const words = homeWords(h);
    expect(words).toContain('API v1 goes away');
    expect(words).not.toContain('Old news');
    expect(words).toMatch(/nightly export\* \(…\w{4}\) — expires <!date\^\d+\^\{date_short_pretty\}\|2026-/);
    expect(words).toContain('Multi-factor authentication *off*');
    expect(words).toMatch(/No active dashboard sessions/);
    expect(actionIdsOf(home(h))).toEqual(expect.arrayContaining([ACTION.notificationMarkRead, ACTION.unlink, ACTION.dmPreferences, ACTION.invitationAccept]));

    await h.interact(click(h, ANN, ACTION.notificationMarkRead, fresh.id, { kind: 'home' }));
    expect(homeWords(h)).toContain('Marked *API v1 goes away* as read.');
    expect(actionIdsOf(home(h))).not.toContain(ACTION.notificationMarkRead);
  });

  it('keeps a click’s notice through the delivery worker’s refresh, until the user’s next action', async () => {
    const { h, invitation } = await annAtHome();
    await h.slack.delivery.deliverDue();
    await h.interact(click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'home' }));
    expect(homeWords(h)).toContain('You joined *Sales*');
    const publishes = h.api.callsTo('views.publish').length;
    // The DM's update goes out, and the worker refreshes the Home tab: the notice stays.
    expect((await h.slack.delivery.deliverDue()).delivered).toBeGreaterThan(0);
    expect(h.api.callsTo('views.publish').length).toBeGreaterThan(publishes);
    expect(homeWords(h)).toContain('You joined *Sales*');
    await h.event(ANN, homeOpened(ANN));
    expect(homeWords(h)).toContain('You joined *Sales*');
    // The next click is the next action: the notice has been read.
    await h.interact(click(h, ANN, ACTION.openNotifications, undefined, { kind: 'home' }));
    await h.event(ANN, homeOpened(ANN));
    expect(homeWords(h)).not.toContain('You joined');
  });

  it('sends the hash of its last publish, and publishes fresh data again on hash_conflict', async () => {
    const { h } = await annAtHome();
    await h.event(ANN, homeOpened(ANN));
    await h.event(ANN, homeOpened(ANN));
    const [first, second] = h.api.callsTo('views.publish');
    expect(first!.args['hash']).toBeUndefined();
    expect(second!.args['hash']).toMatch(/^hh\d+$/);
    h.api.publishedElsewhere(ANN.userId);
    h.api.reset();
    await h.event(ANN, homeOpened(ANN));
    const calls = h.api.callsTo('views.publish');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args['hash']).toMatch(/^hh\d+$/);
    expect(calls[1]!.args['hash']).toBeUndefined();
    expect(homeWords(h)).toContain('API v1 goes away');
    expect(h.logs.join('\n')).toContain('hash_conflict');
  });

  it('gives the unlinked Home tab a How to link button that opens the steps', async () => {
    const h = await startHarness();
    await h.event(EVE, homeOpened(EVE));
    expect(actionIdsOf(h.api.homes.get(EVE.userId))).toEqual([ACTION.openHowToLink]);
    await h.interact(click(h, EVE, ACTION.openHowToLink, undefined, { kind: 'home' }));
    const [open] = h.api.callsTo('views.open');
    const view = open!.args['view'] as Record<string, unknown>;
    expect(view['callback_id']).toBe(CALLBACK.howToLink);
    expect(textOf(view)).toContain('/kbc link ABCD-EFGH');
  });

  it('unlinks from the Home tab after Slack’s confirmation, recorded in the security activity', async () => {
    const { h, ann } = await annAtHome();
    await h.event(ANN, homeOpened(ANN));
    const account = (home(h)['blocks'] as { accessory?: { action_id?: string; confirm?: unknown } }[]).find((block) => block.accessory?.action_id === ACTION.unlink);
    expect(textOf(account?.accessory?.confirm)).toContain('Unlink this Slack user?');
    await h.interact(click(h, ANN, ACTION.unlink, undefined, { kind: 'home' }));
    expect(await h.core.slackLink.linkFor(ann)).toBeNull();
    expect(homeWords(h)).toContain('Unlinked from *ann@example.com*');
    expect(actionIdsOf(home(h))).toEqual([ACTION.openHowToLink]);
    const [event] = await h.core.accounts.securityActivity(ann);
    expect(event).toMatchObject({ type: 'slack.unlinked', details: expect.objectContaining({ via: 'slack' }) });
  });

  it('saves the DM preferences from the checkboxes, ignoring values that are not kinds', async () => {
    const { h, ann } = await annAtHome();
    await h.event(ANN, homeOpened(ANN));
    const initial = JSON.stringify(home(h));
    for (const kind of DM_KINDS) expect(initial).toContain(`"value":"${kind}"`);
    await h.interact(tick(h, ['announcement', 'invitation', 'constructor', '__proto__']));
    const saved = await h.core.preferences.get(ann);
    expect(saved.kinds).toEqual({ announcement: true, deprecation: false, migration: false, limit: false, invitation: true, token_reminder: false, project_reminder: false });
    expect(homeWords(h)).toContain('Saved: 5 kinds of message will not reach you here.');
    const checkboxes = JSON.stringify(home(h));
    expect(checkboxes.match(/"initial_options":\[[^\]]*\]/)![0]).not.toContain('deprecation');
    // The bell still counts what no DM announces.
    await h.core.notifications.publish({ kind: 'migration', title: 'Move', message: 'Now.', audience: { type: 'all' } });
    expect(await h.core.notifications.unreadCount(ann)).toBe(2);
  });
});

describe('a modal refreshed after a click', () => {
  it('sends the hash the click carried, and on hash_conflict updates it again from fresh data', async () => {
    const { h, ann } = await annAtHome();
    const { notification: second } = await h.core.notifications.publish({ kind: 'migration', title: 'Second', message: 'm', audience: { type: 'all' } });
    await h.interact(click(h, ANN, ACTION.openNotifications, undefined, { kind: 'home' }));
    const viewId = String(h.api.callsTo('views.update')[0]!.args['view_id']);
    const seen = h.api.hashOf(viewId)!;
    // Another click's refresh came first: the hash this click carries is stale.
    const stale = click(h, ANN, ACTION.notificationMarkRead, second.id, { kind: 'modal', viewId, callbackId: CALLBACK.notifications });
    h.api.updatedElsewhere(viewId);
    h.api.reset();
    await h.interact(stale);
    const updates = h.api.callsTo('views.update');
    expect(updates.map((update) => update.args['hash'])).toEqual([seen, undefined]);
    expect(textOf(h.api.views.get(viewId))).toContain('Marked *Second* as read.');
    expect((await h.core.notifications.listForAccount(ann)).items.find((item) => item.id === second.id)?.read).toBe(true);
  });
});
