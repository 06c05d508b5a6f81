import { describe, expect, it } from 'vitest';
import { expectError, startApi, withToken } from './support.ts';

describe('the Management API: tokens authenticate', () => {
  it('verifies a token: who it belongs to, in Keboola’s fields, with numeric ids, and records its use', async () => {
    const api = await startApi();
    const { token } = await withToken(api.core);
    const answer = await api.call('GET', '/manage/tokens/verify', { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: 1,
      description: 'ann@example.com CI',
      created: '2026-01-15T09:00:00.000Z',
      lastUsed: '2026-01-15T09:00:00.000Z',
      expires: '2026-02-14T09:00:00.000Z',
      isSessionToken: false,
      isExpired: false,
      isDisabled: false,
      scopes: [],
      type: 'admin',
      creator: { id: 1, name: 'ann' },
      user: { id: 1, name: 'ann', email: 'ann@example.com', mfaEnabled: false, features: [], canAccessLogs: false, isSuperAdmin: false },
    });
    // Last use is coarse: rewritten once the resolution (a minute) has passed.
    api.clock.advance({ seconds: 30 });
    expect((await api.call('GET', '/manage/tokens/verify', { token })).body.lastUsed).toBe('2026-01-15T09:00:00.000Z');
    api.clock.advance({ minutes: 1 });
    expect((await api.call('GET', '/manage/tokens/verify', { token })).body.lastUsed).toBe('2026-01-15T09:01:30.000Z');
  });

  it('answers 401 naming a missing, malformed, unknown, deleted or expired token', async () => {
    const api = await startApi();
    const { accountId, token, tokenId } = await withToken(api.core);
    const other = await api.core.tokens.create(accountId, { description: 'short', expiresInDays: 1 });
    expectError(await api.call('GET', '/manage/tokens/verify'), 401, 'TOKEN_MISSING');
    expectError(await api.call('GET', '/manage/tokens/verify', { token: '  ' }), 401, 'TOKEN_MISSING');
    expectError(await api.call('GET', '/manage/tokens/verify', { token: 'not-a-token' }), 401, 'TOKEN_MALFORMED');
    // Well formed, checksum wrong: refused before any lookup.
    expectError(await api.call('GET', '/manage/tokens/verify', { token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` }), 401, 'TOKEN_MALFORMED');
    await api.core.tokens.delete(accountId, tokenId);
    expectError(await api.call('GET', '/manage/tokens/verify', { token }), 401, 'TOKEN_INVALID');
    api.clock.advance({ days: 2 });
    const expired = await api.call('GET', '/manage/tokens/verify', { token: other.secret });
    expectError(expired, 401, 'TOKEN_EXPIRED');
    // Every authenticated route refuses the same way, before reading a body.
    expectError(await api.call('PUT', '/manage/notifications', { token: other.secret, raw: '{not json', headers: { 'Content-Type': 'application/json' } }), 401, 'TOKEN_EXPIRED');
    expectError(await api.call('GET', '/manage/current-user/projects'), 401, 'TOKEN_MISSING');
  });

  it('says nothing of other accounts: another account’s token works only for that account', async () => {
    const api = await startApi();
    const ann = await withToken(api.core, 'ann@example.com');
    const bob = await withToken(api.core, 'bob@example.com');
    expect((await api.call('GET', '/manage/tokens/verify', { token: bob.token })).body.user.email).toBe('bob@example.com');
    // Bob cannot delete Ann's token by its number: the same answer as a number nobody has.
    const foreign = await api.call('DELETE', '/manage/current-user/tokens/1', { token: bob.token });
    const unknown = await api.call('DELETE', '/manage/current-user/tokens/99', { token: bob.token });
    expectError(foreign, 404, 'TOKEN_NOT_FOUND');
    expectError(unknown, 404, 'TOKEN_NOT_FOUND');
    expect(foreign.body.error).toBe(unknown.body.error);
    expect((await api.call('GET', '/manage/tokens/verify', { token: ann.token })).status).toBe(200);
  });

  it('never logs a token, even one pasted into a path or a query', async () => {
    const api = await startApi();
    const { token } = await withToken(api.core);
    await api.call('GET', '/manage/tokens/verify', { token });
    await api.call('GET', `/manage/tokens/${token}`, { token });
    await api.call('GET', `/manage/notifications?fromId=${token}`, { token });
    await api.call('GET', '/manage/tokens/verify', { token: token.slice(0, 20) });
    expect(api.log.length).toBeGreaterThan(4);
    const log = api.log.join('\n');
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.slice(5, 25));
    expect(log).toContain('kbcm_[redacted]');
  });
});
