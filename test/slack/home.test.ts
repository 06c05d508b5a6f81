import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { ACTION, CALLBACK } from '../../src/slack/ids.ts';
import { actionIdsOf, ANN, click, EVE, linkSlack, startHarness, textOf } from './support/harness.ts';

const homeOpened = (user: { userId: string }, tab = 'home') => ({ type: 'app_home_opened', user: user.userId, channel: 'D0ANN', tab, event_ts: '1' });

describe('the Home tab', () => {
  it('shows the bell, pending invitations with buttons, tokens expiring soon and the modal buttons', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const project = await h.core.projects.create({ name: 'Sales' });
    await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    await h.core.notifications.publish({ kind: 'announcement', title: 'Hello', message: 'World.', audience: { type: 'all' } });
    await h.core.tokens.create(ann, { description: 'almost over', expiresInDays: 2 });
    const response = await h.event(ANN, homeOpened(ANN));
    expect(response.status).toBe(200);
    const [publish] = h.api.callsTo('views.publish');
    expect(publish!.args['user_id']).toBe(ANN.userId);
    const home = h.api.homes.get(ANN.userId)!;
    const words = textOf(home);
    expect(home['type']).toBe('home');
    expect(words).toContain(':bell: :red_circle: *1 unread notification*');
    expect(words).toContain('Pending invitations (1)');
    expect(words).toContain('almost over');
    expect(actionIdsOf(home)).toEqual(
      expect.arrayContaining([ACTION.invitationAccept, ACTION.invitationDecline, ACTION.openInvitations, ACTION.openNotifications, ACTION.openTokenForm, ACTION.openTokens]),
    );
  });

  it('shows an unlinked user how to link', async () => {
    const h = await startHarness();
    await h.event(EVE, homeOpened(EVE));
    expect(textOf(h.api.homes.get(EVE.userId))).toContain('not linked to a Keboola account yet');
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    const h = await startHarness();
    await h.event(EVE, homeOpened(EVE, 'messages'));
    expect(h.api.callsTo('views.publish')).toHaveLength(0);
  });

  it('opens the modals from its buttons', async () => {
    const h = await startHarness();
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    const opened: unknown[] = [];
    for (const action of [ACTION.openInvitations, ACTION.openNotifications, ACTION.openTokens, ACTION.openTokenForm]) {
      h.api.reset();
      await h.interact(click(h, ANN, action, undefined, { kind: 'home' }));
      expect(h.api.calls.map((call) => call.method).slice(0, 2)).toEqual(['views.open', 'views.update']);
      opened.push(h.api.views.get(String(h.api.callsTo('views.update')[0]!.args['view_id']))!['callback_id']);
    }
    expect(opened).toEqual([CALLBACK.invitations, CALLBACK.notifications, CALLBACK.tokens, CALLBACK.notice]);
  });

  it('pushes the token form on top of the tokens modal', async () => {
    const h = await startHarness({ tokenRequiresMfa: false });
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    await h.interact(click(h, ANN, ACTION.openTokenForm, undefined, { kind: 'modal', viewId: 'V0TOKENS', callbackId: CALLBACK.tokens }));
    expect(h.api.calls.map((call) => call.method).slice(0, 2)).toEqual(['views.push', 'views.update']);
    expect(h.api.views.get(String(h.api.callsTo('views.update')[0]!.args['view_id']))!['callback_id']).toBe(CALLBACK.tokenForm);
  });
});
