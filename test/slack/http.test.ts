import { describe, expect, it } from 'vitest';
import { makeAccount, storeContents } from '../support/core.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { ANN, click, linkSlack, signature, startHarness, textOf, waitFor } from './support/harness.ts';

const MINUTE_S = 60;

describe('the HTTP receiver', () => {
  it('answers a signed slash command and replies through the response_url', async () => {
    const h = await startHarness();
    const response = await h.command(ANN, 'help');
    expect(response.status).toBe(200);
    expect(h.replies().join('\n')).toContain('/kbc link');
  });

  it('refuses a request with a wrong signature (401) and runs nothing', async () => {
    const h = await startHarness();
    const body = new URLSearchParams({ command: '/kbc', text: 'help', user_id: ANN.userId, team_id: ANN.teamId, response_url: h.api.responseUrl() }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await h.post(body, { signature: signature(body, timestamp, 'another-secret') })).status).toBe(401);
    expect((await h.post(body, { signature: null })).status).toBe(401);
    expect((await h.post(`${body}&text=status`, { signature: signature(body, timestamp), timestamp })).status).toBe(401);
    expect(h.api.responses).toHaveLength(0);
  });

  it('refuses a stale timestamp (older than 5 minutes) even when correctly signed', async () => {
    const h = await startHarness();
    const body = new URLSearchParams({ command: '/kbc', text: 'help', user_id: ANN.userId, team_id: ANN.teamId, response_url: h.api.responseUrl() }).toString();
    const stale = Math.floor(Date.now() / 1000) - 6 * MINUTE_S;
    expect((await h.post(body, { timestamp: stale })).status).toBe(401);
    expect(h.api.responses).toHaveLength(0);
  });

  it('acknowledges at once and does the slow work after the ack (as in production)', async () => {
    const h = await startHarness({ processBeforeResponse: false });
    await linkSlack(h.core, await makeAccount(h.core, 'ann@example.com'), ANN);
    h.api.delayNext('views.open', 1500);
    const response = await h.command(ANN, 'invitations');
    expect(response.status).toBe(200);
    // The ack came back while the slow Slack call was still running: ordering, not wall time.
    expect(h.api.callsTo('views.update')).toHaveLength(0);
    const update = await waitFor(() => h.api.callsTo('views.update')[0], 5000);
    expect(textOf(update.args['view'])).toContain('no pending invitations');
  });

  it('answers a health check on GET /healthz', async () => {
    const h = await startHarness();
    const response = await fetch(h.url.replace('/slack/events', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});

describe('malformed bodies', () => {
  async function withInvitation() {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const project = await h.core.projects.create({ name: 'Sales' });
    const invitation = await h.core.invitations.create({ projectId: project.id, email: 'ann@example.com' });
    return { h, ann, invitation, before: await storeContents(h.store) };
  }

  it('answers 400 to a payload that is not JSON and changes nothing', async () => {
    const { h, before } = await withInvitation();
    const response = await h.post(new URLSearchParams({ payload: '{"type":"block_actions",' }).toString());
    expect(response.status).toBe(400);
    expect(await storeContents(h.store)).toBe(before);
  });

  it('acknowledges and drops payloads with missing or wrong fields, changing nothing', async () => {
    const { h, invitation, before } = await withInvitation();
    const accept = click(h, ANN, ACTION.invitationAccept, invitation.id, { kind: 'home' });
    // Each with the status it gets: 200, acknowledged and dropped (by the body guard when Bolt could
    // not read it — no user, no view, no type — else by the payload guard), never 500 or 404.
    const broken: [Record<string, unknown>, number][] = [
      [{ ...accept, user: undefined }, 200],
      [{ ...accept, user: { id: 42 } }, 200],
      [{ ...accept, actions: [] }, 200],
      [{ ...accept, actions: [{ type: 'button' }] }, 200],
      [{ ...accept, actions: [{ type: 'button', action_id: 'something_else', value: invitation.id }] }, 200],
      [{ ...accept, actions: 'nonsense' }, 200],
      [{ type: 'view_submission', user: { id: ANN.userId, team_id: ANN.teamId }, view: { callback_id: 'kbc_unknown', id: 'V1' } }, 200],
      [{ type: 'view_submission', user: { id: ANN.userId, team_id: ANN.teamId } }, 200],
      [{ type: 'shortcut', callback_id: 'x', user: { id: ANN.userId } }, 200],
      [{ type: 'something_new' }, 200],
      [{}, 200],
    ];
    const statuses: number[] = [];
    for (const [payload] of broken) statuses.push((await h.interact(payload)).status);
    expect(statuses).toEqual(broken.map(([, status]) => status));
    const command = await h.post(new URLSearchParams({ command: '/kbc', text: 'status' }).toString());
    expect(command.status).toBe(200);
    const event = await h.post(JSON.stringify({ type: 'event_callback', event: { type: 'app_home_opened' } }), { contentType: 'application/json' });
    expect(event.status).toBe(200);
    expect(await storeContents(h.store)).toBe(before);
    expect(h.api.responses).toHaveLength(0);
    // Still alive and answering a good request in full.
    expect((await h.command(ANN, 'status')).status).toBe(200);
    expect(h.replies()).toHaveLength(1);
    expect(h.replies()[0]).toContain('Linked to *ann@example.com*');
    expect(h.replies()[0]).toContain('1 pending invitation');
  });

  it('answers 400 to signed bodies that parse to null or another non-object, and keeps answering', async () => {
    const { h, before } = await withInvitation();
    expect((await h.post('payload=null')).status).toBe(400);
    expect((await h.post('null', { contentType: 'application/json' })).status).toBe(400);
    expect((await h.post('payload=%5B%5D')).status).toBe(400);
    expect((await h.post('42', { contentType: 'application/json' })).status).toBe(400);
    // Unsigned, the same body is still refused as unsigned.
    expect((await h.post('payload=null', { signature: null })).status).toBe(401);
    expect((await h.post('payload=null', { signature: signature('payload=null', Math.floor(Date.now() / 1000), 'another-secret') })).status).toBe(401);
    expect(h.api.responses).toHaveLength(0);
    expect(await storeContents(h.store)).toBe(before);
    const status = await h.command(ANN, 'status');
    expect(status.status).toBe(200);
    expect(h.replies()[0]).toContain('Linked to *ann@example.com*');
  });

  it('takes the content type as Slack sends it, or with a UTF-8 charset, and no other', async () => {
    const { h, before } = await withInvitation();
    const body = new URLSearchParams({ command: '/kbc', text: 'unlink', user_id: ANN.userId, team_id: ANN.teamId, response_url: h.api.responseUrl() }).toString();
    const response = await h.post(body, { contentType: 'application/x-www-form-urlencoded; charset=windows-1252' });
    expect(response.status).toBe(400);
    expect(await storeContents(h.store)).toBe(before);
  });
});
