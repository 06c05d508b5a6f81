import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, BOB, click, linkSlack, startHarness, textOf, type Harness } from './support/harness.ts';

async function setup() {
  const h = await startHarness();
  const ann = await makeAccount(h.core, 'ann@example.com');
  const bob = await makeAccount(h.core, 'bob@example.com');
  await linkSlack(h.core, ann, ANN);
  await linkSlack(h.core, bob, BOB);
  const first = await h.core.notifications.publish({ kind: 'deprecation', title: 'Old writer goes away', message: 'Switch by March.', audience: { type: 'all' } });
  h.clock.advance({ minutes: 1 });
  const second = await h.core.notifications.publish({
    kind: 'migration',
    title: 'Migrate <your> jobs',
    message: 'See the guide.',
    link: 'https://status.example.com/migration',
    audience: { type: 'accounts', emails: ['ann@example.com'] },
  });
  const bobsOwn = await h.core.notifications.publish({ kind: 'announcement', title: 'Only for Bob', message: 'Hi Bob.', audience: { type: 'accounts', emails: ['bob@example.com'] } });
  await h.slack.delivery.deliverDue();
  h.api.reset();
  return { h, ann, bob, first: first.notification, second: second.notification, bobsOwn: bobsOwn.notification };
}

async function openModal(h: Harness): Promise<string> {
  await h.command(ANN, 'notifications');
  return String(h.api.callsTo('views.update').at(-1)!.args['view_id']);
}

describe('/kbc notifications', () => {
  it('lists the notifications newest first with unread ones marked, and the bell count', async () => {
    const { h } = await setup();
    const view = h.api.views.get(await openModal(h))!;
    const words = textOf(view);
    expect(view['callback_id']).toBe(CALLBACK.notifications);
    expect(words).toContain(':red_circle: *2 unread notifications*');
    expect(words.indexOf('Migrate &lt;your&gt; jobs')).toBeLessThan(words.indexOf('Old writer goes away'));
    expect(words).not.toContain('Only for Bob');
    expect(words).toContain('<https://status.example.com/migration|Open link>');
    expect(actionIdsOf(view).filter((id) => id === ACTION.notificationMarkRead)).toHaveLength(2);
    expect(actionIdsOf(view)).toContain(ACTION.notificationsMarkAllRead);
  });

  it('marks one as read and updates the modal in place', async () => {
    const { h, ann, first } = await setup();
    const viewId = await openModal(h);
    await h.interact(click(h, ANN, ACTION.notificationMarkRead, first.id, { kind: 'modal', viewId, callbackId: CALLBACK.notifications }));
    const view = h.api.views.get(viewId)!;
    expect(textOf(view)).toContain('Marked *Old writer goes away* as read');
    expect(textOf(view)).toContain('*1 unread notification*');
    expect(await h.core.notifications.unreadCount(ann)).toBe(1);
    expect(textOf(h.api.homes.get(ANN.userId))).toContain('1 unread notification');
  });

  it('marks all as read', async () => {
    const { h, ann } = await setup();
    const viewId = await openModal(h);
    await h.interact(click(h, ANN, ACTION.notificationsMarkAllRead, 'all', { kind: 'modal', viewId, callbackId: CALLBACK.notifications }));
    const view = h.api.views.get(viewId)!;
    expect(textOf(view)).toContain('Marked 2 notifications as read');
    expect(textOf(view)).toContain('No unread notifications');
    expect(actionIdsOf(view)).not.toContain(ACTION.notificationMarkRead);
    expect(await h.core.notifications.unreadCount(ann)).toBe(0);
  });

  it('refuses to mark a notification the account may not see, and marks nothing', async () => {
    const { h, ann, bob, bobsOwn } = await setup();
    const viewId = await openModal(h);
    await h.interact(click(h, ANN, ACTION.notificationMarkRead, bobsOwn.id, { kind: 'modal', viewId, callbackId: CALLBACK.notifications }));
    expect(textOf(h.api.views.get(viewId))).toContain('no longer available to you');
    expect(await h.core.notifications.unreadCount(bob)).toBe(2);
    expect(await h.core.notifications.unreadCount(ann)).toBe(2);
  });
});

describe('the notification DM', () => {
  it('arrives with Mark as read, which turns it into "Marked as read"', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const { notification } = await h.core.notifications.publish({ kind: 'limit', title: 'Storage over limit', message: 'Sales uses 12 GB of 10.', audience: { type: 'all' } });
    await h.slack.delivery.deliverDue();
    const ref = await h.core.outbox.messageFor(`notification:${notification.id}:${ann}`);
    const dm = h.api.messages.get(`${ref!.channel}/${ref!.ts}`)!;
    expect(textOf(dm.blocks)).toContain('Storage over limit');
    expect(textOf(dm.blocks)).toContain('Sales uses 12 GB of 10.');
    expect(actionIdsOf(dm.blocks)).toContain(ACTION.notificationMarkRead);
    await h.interact(click(h, ANN, ACTION.notificationMarkRead, notification.id, { kind: 'message', ...ref! }));
    const after = h.api.messages.get(`${ref!.channel}/${ref!.ts}`)!;
    expect(textOf(after.blocks)).toContain('Marked as read');
    expect(actionIdsOf(after.blocks)).not.toContain(ACTION.notificationMarkRead);
    expect(await h.core.notifications.unreadCount(ann)).toBe(0);
  });
});
