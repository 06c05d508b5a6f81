import { describe, expect, it } from 'vitest';
import { expectError, startApi, withToken } from './support.ts';

/** Ann administers "Sales"; Eve asks to join it. Both hold tokens. */
async function setup() {
  const api = await startApi();
  const ann = await withToken(api.core, 'ann@example.com');
  const eve = await withToken(api.core, 'eve@example.com');
  const sales = await api.core.projects.create({ name: 'Sales' });
  await api.core.projects.addMember({ projectId: sales.id, email: 'ann@example.com', role: 'admin' });
  return { api, ann, eve, sales };
}

describe('the Management API: join requests', () => {
  it('asks to join a project (201, Keboola-shaped), lists it, and the admin approves it with PUT', async () => {
    const { api, ann, eve, sales } = await setup();
    const asked = await api.call('POST', `/manage/projects/${sales.numericId}/request-access`, { token: eve.token, json: { reason: 'Q4', expirationSeconds: 14 * 86_400 } });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ id: 1, reason: 'Q4', status: 'pending', expires: null, expirationSeconds: 1_209_600, project: { id: sales.numericId, name: 'Sales' }, user: { email: 'eve@example.com' } });
    expect((await api.call('GET', '/manage/current-user/projects-join-requests', { token: eve.token })).body).toMatchObject([{ id: 1, status: 'pending' }]);
    expect((await api.call('GET', `/manage/projects/${sales.numericId}/join-requests`, { token: ann.token })).body).toMatchObject([{ id: 1 }]);

    // The requester cannot approve her own request; nor list the project's requests.
    expectError(await api.call('PUT', `/manage/projects/${sales.numericId}/join-requests/1`, { token: eve.token, json: [] }), 403, 'NOT_PROJECT_ADMIN');
    expectError(await api.call('GET', `/manage/projects/${sales.numericId}/join-requests`, { token: eve.token }), 403, 'NOT_PROJECT_ADMIN');

    const approved = await api.call('PUT', `/manage/projects/${sales.numericId}/join-requests/1`, { token: ann.token, json: [] });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', expires: '2026-01-29T09:00:00.000Z' });
    expectError(await api.call('PUT', `/manage/projects/${sales.numericId}/join-requests/1`, { token: ann.token, json: [] }), 400, 'JOIN_REQUEST_ALREADY_ANSWERED');
    expect((await api.call('GET', '/manage/current-user/projects', { token: eve.token })).body).toMatchObject([{ name: 'Sales', role: 'guest' }]);
  });

  it('refuses a duplicate, a member, a lifetime beyond 365 days and unknown ids; cancels with DELETE', async () => {
    const { api, ann, eve, sales } = await setup();
    const path = `/manage/projects/${sales.numericId}/request-access`;
    expect((await api.call('POST', path, { token: eve.token, json: [] })).status).toBe(201);
    expectError(await api.call('POST', path, { token: eve.token, json: {} }), 409, 'JOIN_REQUEST_DUPLICATE');
    expectError(await api.call('POST', path, { token: ann.token, json: {} }), 400, 'ALREADY_MEMBER');
    expectError(await api.call('POST', path, { token: ann.token, json: { expirationSeconds: 365 * 86_400 + 1 } }), 400, 'INVALID_INPUT');
    expectError(await api.call('POST', '/manage/projects/999/request-access', { token: eve.token, json: {} }), 404, 'PROJECT_NOT_FOUND');
    expectError(await api.call('DELETE', '/manage/current-user/projects-join-requests/1', { token: ann.token }), 404, 'JOIN_REQUEST_NOT_FOUND');
    expect((await api.call('DELETE', '/manage/current-user/projects-join-requests/1', { token: eve.token })).status).toBe(204);
    expect((await api.call('GET', '/manage/current-user/projects-join-requests', { token: eve.token })).body).toMatchObject([{ status: 'cancelled' }]);
  });

  it('takes any whole number of seconds (Keboola’s own tests ask for 20 s and an hour) and ends the membership to the second', async () => {
    const { api, ann, eve, sales } = await setup();
    const path = `/manage/projects/${sales.numericId}/request-access`;
    for (const expirationSeconds of [0, -5, 1.5, 365 * 86_400 + 1, '3600']) {
      expectError(await api.call('POST', path, { token: eve.token, json: { expirationSeconds } }), 400, 'INVALID_INPUT');
    }
    const asked = await api.call('POST', path, { token: eve.token, json: { reason: 'Testing reason propagation', expirationSeconds: 3600 } });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ expirationSeconds: 3600, expires: null });
    api.clock.advance({ seconds: 20 });
    const approved = await api.call('PUT', `/manage/projects/${sales.numericId}/join-requests/${asked.body.id}`, { token: ann.token, json: [] });
    expect(approved.body).toMatchObject({ status: 'approved', expirationSeconds: 3600, expires: '2026-01-15T10:00:20.000Z' });
    const eveId = (await api.core.accounts.findByEmail('eve@example.com'))!.id;
    expect((await api.core.projects.getForAccount(eveId, sales.id)).membership.expiresAt).toBe('2026-01-15T10:00:20.000Z');
  });

  it('approves with the role given in the body (guest without one), and refuses a role that is none of the roles', async () => {
    const { api, ann, eve, sales } = await setup();
    await api.call('POST', `/manage/projects/${sales.numericId}/request-access`, { token: eve.token, json: [] });
    const approve = (json: unknown) => api.call('PUT', `/manage/projects/${sales.numericId}/join-requests/1`, { token: ann.token, json });
    expectError(await approve({ role: 'owner' }), 400, 'INVALID_ROLE');
    // The requester cannot make herself an admin with a forged approval.
    expectError(await api.call('PUT', `/manage/projects/${sales.numericId}/join-requests/1`, { token: eve.token, json: { role: 'admin' } }), 403, 'NOT_PROJECT_ADMIN');
    expectError(await approve({ role: 'admin', extra: true }), 400, 'INVALID_INPUT');
    expectError(await approve({ role: 7 }), 400, 'INVALID_INPUT');
    // Refusals changed nothing: still pending.
    expect((await api.call('GET', `/manage/projects/${sales.numericId}/join-requests`, { token: ann.token })).body).toMatchObject([{ id: 1, status: 'pending' }]);
    expect((await approve({ role: 'readOnly' })).status).toBe(200);
    expect((await api.call('GET', '/manage/current-user/projects', { token: eve.token })).body).toMatchObject([{ name: 'Sales', role: 'readOnly' }]);
    // The requester's own view is Keboola-shaped and unchanged by the extension.
    expect((await api.call('GET', '/manage/current-user/projects-join-requests', { token: eve.token })).body).toMatchObject([{ id: 1, status: 'approved' }]);
  });

  it('answers an accept without MFA on a project that requires it with Keboola’s words', async () => {
    const { api, eve, sales } = await setup();
    await api.core.projects.requireMfa({ projectId: sales.id });
    const invitation = await api.core.invitations.create({ projectId: sales.id, email: 'eve@example.com' });
    const answer = await api.call('PUT', `/manage/current-user/projects-invitations/${invitation.numericId}`, { token: eve.token, json: [] });
    expectError(answer, 400, 'PROJECT_MFA_REQUIRED');
    expect(answer.body.error).toBe('This project requires users to have multi-factor authentication enabled');
  });
});
