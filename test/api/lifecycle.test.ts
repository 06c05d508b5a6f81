import { describe, expect, it } from 'vitest';
import { expectError, startApi, withToken } from './support.ts';

describe('the Management API: rotating a token with itself', () => {
  it('answers 201 with the new secret once; the old token works through its grace, then is revoked', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    const rotated = await api.call('POST', '/manage/tokens/rotate', { token: ann.token, json: { graceSeconds: 600 } });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({
      id: 2,
      description: 'ann@example.com CI',
      token: expect.stringMatching(/^kbcm_[0-9A-Za-z]{36}$/),
      state: 'active',
      previous: { id: 1, state: 'rotated', graceUntil: '2026-01-15T09:10:00.000Z' },
    });
    const fresh = rotated.body.token as string;
    expect((await api.call('GET', '/manage/tokens/verify', { token: fresh })).body.id).toBe(2);
    expect((await api.call('GET', '/manage/tokens/verify', { token: ann.token })).status).toBe(200);
    expectError(await api.call('POST', '/manage/tokens/rotate', { token: ann.token, json: [] }), 409, 'TOKEN_ALREADY_ROTATED');
    api.clock.advance({ minutes: 11 });
    // After its grace the old token is reuse: refused, and its family (the new token too) revoked.
    expectError(await api.call('GET', '/manage/tokens/verify', { token: ann.token }), 401, 'TOKEN_REVOKED');
    expectError(await api.call('GET', '/manage/tokens/verify', { token: fresh }), 401, 'TOKEN_REVOKED');
    expect(api.log.join('\n')).not.toContain(fresh);
  });

  it('revokes the old token at once with graceSeconds 0, and refuses a grace out of range', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    expectError(await api.call('POST', '/manage/tokens/rotate', { token: ann.token, json: { graceSeconds: 3601 } }), 400, 'INVALID_INPUT');
    expectError(await api.call('POST', '/manage/tokens/rotate', { token: ann.token, json: { graceSeconds: -1 } }), 400, 'INVALID_INPUT');
    const rotated = await api.call('POST', '/manage/tokens/rotate', { token: ann.token, json: { graceSeconds: 0 } });
    expect(rotated.status).toBe(201);
    expectError(await api.call('GET', '/manage/tokens/verify', { token: ann.token }), 401, 'TOKEN_REVOKED');
    expectError(await api.call('POST', '/manage/tokens/rotate'), 401, 'TOKEN_MISSING');
  });
});

describe('the Management API: public revocation of leaked tokens', () => {
  it('answers 202 without a token, revokes a live token it is given, and the same for junk, unknown and repeated ones', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    const bob = await withToken(api.core, 'bob@example.com');
    const unknown = `kbcm_${'A'.repeat(36)}`;
    const answer = await api.call('POST', '/manage/credentials/revoke', { json: { credentials: [ann.token, 'not a token', unknown] } });
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('');
    // Answered before the revocation settles: wait for it.
    await expect.poll(async () => (await api.call('GET', '/manage/tokens/verify', { token: ann.token })).body.code, { timeout: 5_000 }).toBe('TOKEN_REVOKED');
    expect((await api.call('GET', '/manage/tokens/verify', { token: bob.token })).status).toBe(200);
    const again = await api.call('POST', '/manage/credentials/revoke', { json: { credentials: [ann.token] } });
    expect(again.status).toBe(202);
    const nothing = await api.call('POST', '/manage/credentials/revoke', { json: { credentials: [unknown] } });
    expect(nothing.status).toBe(202);
    expect(api.log.join('\n')).not.toContain(ann.token);
  });

  it('refuses a malformed request with 400 and revokes nothing', async () => {
    const api = await startApi();
    const ann = await withToken(api.core);
    expectError(await api.call('POST', '/manage/credentials/revoke', { json: { credentials: [] } }), 400, 'INVALID_INPUT');
    expectError(await api.call('POST', '/manage/credentials/revoke', { json: { tokens: [ann.token] } }), 400, 'INVALID_INPUT');
    expectError(await api.call('POST', '/manage/credentials/revoke', { json: { credentials: Array.from({ length: 1001 }, () => ann.token) } }), 400, 'INVALID_INPUT');
    expectError(await api.call('POST', '/manage/credentials/revoke', { raw: '{"credentials": [', headers: { 'Content-Type': 'application/json' } }), 400, 'REQUEST_BODY_INVALID');
    expect((await api.call('GET', '/manage/tokens/verify', { token: ann.token })).status).toBe(200);
  });

  it('is limited per client address', async () => {
    // Starting reads the OpenAPI document once, from the same address: one of the three.
    const api = await startApi({ rateLimits: { perAddress: 3 } });
    const unknown = `kbcm_${'A'.repeat(36)}`;
    expect((await api.call('POST', '/manage/credentials/revoke', { json: { credentials: [unknown] } })).status).toBe(202);
    expect((await api.call('POST', '/manage/credentials/revoke', { json: { credentials: [unknown] } })).status).toBe(202);
    expectError(await api.call('POST', '/manage/credentials/revoke', { json: { credentials: [unknown] } }), 429, 'RATE_LIMITED');
  });
});
