import { describe, expect, it } from 'vitest';
import { expectError, startApi, withToken } from './support.ts';

describe('the Management API: promo codes', () => {
  it('redeems a code into a NEW project (201, with the project), lists it, and records the redemption with via api', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    await api.core.promo.create({ code: 'HACK', project: { namePrefix: 'Hackathon: ', limits: { storage_gb: 10 }, expiresInDays: 30 } });
    const redeemed = await api.call('POST', '/manage/current-user/promo-codes', { token: ann.token, json: { code: ' hack ', name: 'Team Rocket' } });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toEqual({
      id: 1,
      name: 'Hackathon: Team Rocket',
      role: 'admin',
      created: '2026-01-15T09:00:00.000Z',
      expires: '2026-02-14T09:00:00.000Z',
      limits: { storage_gb: { name: 'storage_gb', value: 10 } },
      usage: {},
    });
    expect((await api.call('GET', '/manage/current-user/promo-codes', { token: ann.token })).body).toEqual([
      { code: 'HACK', usedAt: '2026-01-15T09:00:00.000Z', project: { id: 1, name: 'Hackathon: Team Rocket' } },
    ]);
    const event = (await api.core.accounts.securityActivity(ann.accountId)).find((found) => found.type === 'promo.redeemed');
    expect(event?.details).toMatchObject({ via: 'api', code: 'HACK' });
  });

  it('names the project after the code when no name is given, and refuses unknown, repeated and malformed codes with the core’s codes', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    await api.core.promo.create({ code: 'ONCE', maxUses: 1 });
    expect((await api.call('POST', '/manage/current-user/promo-codes', { token: ann.token, json: { code: 'once' } })).body.name).toBe('ONCE');
    expectError(await api.call('POST', '/manage/current-user/promo-codes', { token: ann.token, json: { code: 'ONCE' } }), 400, 'PROMO_CODE_ALREADY_REDEEMED');
    const bob = await withToken(api.core, 'bob@example.com');
    expectError(await api.call('POST', '/manage/current-user/promo-codes', { token: bob.token, json: { code: 'ONCE' } }), 400, 'PROMO_CODE_USED_UP');
    expectError(await api.call('POST', '/manage/current-user/promo-codes', { token: bob.token, json: { code: 'NOPE' } }), 400, 'PROMO_CODE_UNKNOWN');
    expectError(await api.call('POST', '/manage/current-user/promo-codes', { token: bob.token, json: { code: 'ONCE', name: 'x\u0000y' } }), 400, 'PROJECT_NAME_INVALID');
    expectError(await api.call('POST', '/manage/current-user/promo-codes', { token: bob.token, json: [] }), 400, 'INVALID_INPUT');
    expect((await api.call('GET', '/manage/current-user/projects', { token: bob.token })).body).toEqual([]);
  });

  it('throttles guessing with 429 and Retry-After', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    let answer;
    for (let i = 0; i < 20; i++) {
      answer = await api.call('POST', '/manage/current-user/promo-codes', { token: ann.token, json: { code: `GUESS${i}` } });
      if (answer.status === 429) break;
    }
    expectError(answer!, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(answer!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the Management API: notifications', () => {
  async function world() {
    const api = await startApi();
    const ann = await withToken(api.core);
    const project = await api.core.projects.create({ name: 'Analytics', members: [{ email: 'ann@example.com', role: 'admin' }] });
    const publish = async (title: string, audience: { type: 'all' } | { type: 'project'; projectId: string } = { type: 'all' }) => {
      api.clock.advance({ minutes: 1 });
      return (await api.core.notifications.publish({ kind: 'announcement', title, message: `${title} body`, audience })).notification.id;
    };
    const first = await publish('First');
    const second = await publish('For the project', { type: 'project', projectId: project.id });
    const third = await publish('Third');
    return { api, ann, ids: [first, second, third] };
  }

  it('lists them newest first in Keboola’s fields, the project’s numeric id on a project notice', async () => {
    const { api, ann, ids } = await world();
    const list = await api.call('GET', '/manage/notifications', { token: ann.token });
    expect(list.body).toEqual([
      { id: ids[2], type: 'announcement', created: '2026-01-15T09:03:00.000Z', isRead: false, title: 'Third', message: 'Third body' },
      { id: ids[1], type: 'announcement', created: '2026-01-15T09:02:00.000Z', isRead: false, title: 'For the project', message: 'For the project body', project: { id: 1, name: 'Analytics' } },
      { id: ids[0], type: 'announcement', created: '2026-01-15T09:01:00.000Z', isRead: false, title: 'First', message: 'First body' },
    ]);
    expect((await api.call('GET', `/manage/notifications?fromId=${ids[0]}`, { token: ann.token })).body.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    expect((await api.call('GET', `/manage/notifications?fromId=${ids[2]}`, { token: ann.token })).body).toEqual([]);
    expectError(await api.call('GET', '/manage/notifications?fromId=ntf_nope', { token: ann.token }), 404, 'NOTIFICATION_NOT_FOUND');
  });

  it('marks some read, or all, answering {"status":"ok"}; an id the user cannot see marks none', async () => {
    const { api, ann, ids } = await world();
    const bob = await withToken(api.core, 'bob@example.com');
    // Bob is not in the project: its notice is not his to mark, and nothing of his list changes.
    const bobsList = async () => (await api.call('GET', '/manage/notifications', { token: bob.token })).body as { id: number; isRead: boolean }[];
    const before = await bobsList();
    expectError(await api.call('PUT', '/manage/notifications', { token: bob.token, json: { read: [ids[0], ids[1]] } }), 404, 'NOTIFICATION_NOT_FOUND');
    expect(await bobsList()).toEqual(before);
    const marked = await api.call('PUT', '/manage/notifications', { token: ann.token, json: { read: [ids[1]] } });
    expect(marked.body).toEqual({ status: 'ok' });
    const read = (await api.call('GET', '/manage/notifications', { token: ann.token })).body.map((n: { isRead: boolean }) => n.isRead);
    expect(read).toEqual([false, true, false]);
    expect((await api.call('PUT', '/manage/notifications', { token: ann.token, json: { allRead: true } })).body).toEqual({ status: 'ok' });
    expect(await api.core.notifications.unreadCount(ann.accountId)).toBe(0);
    expectError(await api.call('PUT', '/manage/notifications', { token: ann.token, json: { allRead: false } }), 400, 'INVALID_INPUT');
    expectError(await api.call('PUT', '/manage/notifications', { token: ann.token, json: { read: [] } }), 400, 'INVALID_INPUT');
  });
});

describe('the Management API: projects', () => {
  it('lists the user’s projects with role, expiry, limits and usage, and gets one; others are not found', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    const analytics = await api.core.projects.create({ name: 'Analytics', limits: { storage_gb: 100 }, members: [{ email: 'ann@example.com', role: 'readOnly' }] });
    await api.core.projects.create({ name: 'Hidden' });
    await api.core.projects.recordUsage({ projectId: analytics.id, metric: 'storage_gb', value: 12.5 });
    const expected = {
      id: 1,
      name: 'Analytics',
      role: 'readOnly',
      created: '2026-01-15T09:00:00.000Z',
      expires: null,
      limits: { storage_gb: { name: 'storage_gb', value: 100 } },
      usage: { storage_gb: { name: 'storage_gb', value: 12.5, recorded: '2026-01-15T09:00:00.000Z' } },
    };
    expect((await api.call('GET', '/manage/current-user/projects', { token: ann.token })).body).toEqual([expected]);
    expect((await api.call('GET', '/manage/projects/1', { token: ann.token })).body).toEqual(expected);
    expectError(await api.call('GET', '/manage/projects/2', { token: ann.token }), 404, 'NOT_A_MEMBER');
    expectError(await api.call('GET', '/manage/projects/3', { token: ann.token }), 404, 'PROJECT_NOT_FOUND');
  });
});

describe('the Management API: the user’s tokens', () => {
  it('lists them without secrets, deletes one (recorded with via api), and refuses to create one, saying where to', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    const other = await api.core.tokens.create(ann.accountId, { description: 'Backup job', expiresInDays: 7 });
    const list = await api.call('GET', '/manage/current-user/tokens', { token: ann.token });
    expect(list.body).toEqual([
      { id: 1, description: 'ann@example.com CI', hint: ann.token.slice(-4), created: '2026-01-15T09:00:00.000Z', lastUsed: '2026-01-15T09:00:00.000Z', expires: '2026-02-14T09:00:00.000Z', isExpired: false, state: 'active', graceUntil: null, revokedReason: null },
      { id: 2, description: 'Backup job', hint: other.secret.slice(-4), created: '2026-01-15T09:00:00.000Z', lastUsed: null, expires: '2026-01-22T09:00:00.000Z', isExpired: false, state: 'active', graceUntil: null, revokedReason: null },
    ].sort((a, b) => b.id - a.id));
    expect(list.text).not.toContain(other.secret);
    const deleted = await api.call('DELETE', '/manage/current-user/tokens/2', { token: ann.token });
    expect(deleted.status).toBe(204);
    expectError(await api.call('GET', '/manage/tokens/verify', { token: other.secret }), 401, 'TOKEN_INVALID');
    const event = (await api.core.accounts.securityActivity(ann.accountId)).find((found) => found.type === 'token.deleted');
    expect(event?.details).toMatchObject({ via: 'api', description: 'Backup job' });
    expectError(await api.call('DELETE', '/manage/current-user/tokens/2', { token: ann.token }), 404, 'TOKEN_NOT_FOUND');
    const refused = await api.call('POST', '/manage/current-user/tokens', { token: ann.token, json: { description: 'x', expiresInDays: 7 } });
    expectError(refused, 403, 'TOKEN_CREATION_NOT_ALLOWED');
    expect(refused.body.error).toMatch(/dashboard/);
    expect(refused.body.error).toMatch(/Slack/);
    expect((await api.core.tokens.list(ann.accountId)).length).toBe(1);
  });
});
