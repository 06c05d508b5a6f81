import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { expectError, startApi, withToken, type RunningApi } from './support.ts';

const BASE = '/manage/current-user/projects-invitations';

/** Ann (with a token) invited to Analytics by Carol, its admin, and to Sales by the operator. */
async function invitedWorld(api: RunningApi) {
  const ann = await withToken(api.core, 'ann@example.com');
  const carol = await makeAccount(api.core, 'carol@example.com');
  const analytics = await api.core.projects.create({ name: 'Analytics', members: [{ email: 'carol@example.com', role: 'admin' }] });
  const sales = await api.core.projects.create({ name: 'Sales' });
  const fromCarol = await api.core.invitations.create({ projectId: analytics.id, email: 'ann@example.com', role: 'readOnly', reason: 'Quarterly numbers', invitedBy: { accountId: carol } });
  // A minute later, so "newest first" has one answer.
  api.clock.advance({ minutes: 1 });
  const fromOperator = await api.core.invitations.create({ projectId: sales.id, email: 'ann@example.com', expiresInDays: 3 });
  return { ann, analytics, sales, fromCarol, fromOperator };
}

describe('the Management API: invitations', () => {
  it('lists the user’s open invitations in Keboola’s fields with numeric ids, and gets one', async () => {
    const api = await startApi();
    const { ann } = await invitedWorld(api);
    const list = await api.call('GET', BASE, { token: ann.token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        id: 2,
        created: '2026-01-15T09:01:00.000Z',
        expires: '2026-01-18T09:01:00.000Z',
        reason: null,
        role: 'guest',
        project: { id: 2, name: 'Sales' },
        creator: { id: null, name: expect.any(String), email: null },
      },
      {
        id: 1,
        created: '2026-01-15T09:00:00.000Z',
        expires: '2026-01-22T09:00:00.000Z',
        reason: 'Quarterly numbers',
        role: 'readOnly',
        project: { id: 1, name: 'Analytics' },
        creator: { id: 2, name: 'carol', email: 'carol@example.com' },
      },
    ]);
    expect((await api.call('GET', `${BASE}/1`, { token: ann.token })).body).toEqual(list.body[1]);
  });

  it('accepts with 202 (a body of [] as Keboola’s client sends it): the user joins, recorded with via api, and the invitation leaves the list', async () => {
    const api = await startApi();
    const { ann, analytics } = await invitedWorld(api);
    const accepted = await api.call('PUT', `${BASE}/1`, { token: ann.token, json: [] });
    expect(accepted.status).toBe(202);
    expect(accepted.text).toBe('');
    expect((await api.core.projects.listForAccount(ann.accountId)).map((project) => project.id)).toEqual([analytics.id]);
    expect((await api.call('GET', BASE, { token: ann.token })).body.map((invitation: { id: number }) => invitation.id)).toEqual([2]);
    const joined = (await api.core.accounts.securityActivity(ann.accountId)).find((event) => event.type === 'project.joined');
    expect(joined?.details).toMatchObject({ via: 'api', projectId: analytics.id });
    // Answered: the core's code, 400.
    expectError(await api.call('PUT', `${BASE}/1`, { token: ann.token }), 400, 'INVITATION_ALREADY_ANSWERED');
  });

  it('declines with 204: the invitation is gone for good', async () => {
    const api = await startApi();
    const { ann } = await invitedWorld(api);
    const declined = await api.call('DELETE', `${BASE}/2`, { token: ann.token });
    expect(declined.status).toBe(204);
    expect(declined.text).toBe('');
    expectError(await api.call('PUT', `${BASE}/2`, { token: ann.token, json: {} }), 400, 'INVITATION_ALREADY_ANSWERED');
    expect((await api.call('GET', BASE, { token: ann.token })).body.map((invitation: { id: number }) => invitation.id)).toEqual([1]);
  });

  it('refuses expired, unknown and foreign invitations with the core’s codes, and a body with parameters', async () => {
    const api = await startApi();
    const { ann } = await invitedWorld(api);
    const bob = await withToken(api.core, 'bob@example.com');
    expectError(await api.call('PUT', `${BASE}/1`, { token: bob.token }), 404, 'INVITATION_NOT_YOURS');
    expectError(await api.call('DELETE', `${BASE}/1`, { token: bob.token }), 404, 'INVITATION_NOT_YOURS');
    expectError(await api.call('GET', `${BASE}/1`, { token: bob.token }), 404, 'INVITATION_NOT_YOURS');
    expectError(await api.call('GET', `${BASE}/99`, { token: ann.token }), 404, 'INVITATION_NOT_FOUND');
    expectError(await api.call('PUT', `${BASE}/1`, { token: ann.token, json: { role: 'admin' } }), 400, 'INVALID_INPUT');
    expectError(await api.call('PUT', `${BASE}/1`, { token: ann.token, json: [1] }), 400, 'INVALID_INPUT');
    api.clock.advance({ days: 4 });
    expectError(await api.call('PUT', `${BASE}/2`, { token: ann.token }), 400, 'INVITATION_EXPIRED');
    expectError(await api.call('DELETE', `${BASE}/2`, { token: ann.token }), 400, 'INVITATION_EXPIRED');
    // Nothing changed for the refused ones.
    expect((await api.core.projects.listForAccount(ann.accountId))).toEqual([]);
  });
});
