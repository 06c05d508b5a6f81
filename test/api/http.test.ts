import { describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/api/server.ts';
import { createCore, createSecretBox, fastTestHasher, MemoryStore, StoreError } from '../../src/core/index.ts';
import { TEST_SECRET_KEY } from '../support/core.ts';
import { expectError, startApi, withToken } from './support.ts';

describe('the Management API: HTTP conventions Keboola’s clients rely on', () => {
  it('sends Content-Type exactly application/json, without a charset, on answers and errors alike', async () => {
    const api = await startApi();
    const { token } = await withToken(api.core);
    for (const answer of [
      await api.call('GET', '/manage/tokens/verify', { token }),
      await api.call('GET', '/manage/tokens/verify'),
      await api.call('GET', '/healthz'),
      await api.call('GET', '/manage/openapi.json'),
      await api.call('GET', '/no/such/route'),
    ]) {
      expect(answer.contentType).toBe('application/json');
      expect(Buffer.from(answer.contentType!, 'latin1').equals(Buffer.from('application/json'))).toBe(true);
    }
  });

  it('answers a body that is not valid JSON with 400 "Request body not valid", and changes nothing', async () => {
    const api = await startApi();
    const { token } = await withToken(api.core);
    const answer = await api.call('POST', '/manage/current-user/promo-codes', { token, raw: '{"code": "HACK",', headers: { 'Content-Type': 'application/json' } });
    expectError(answer, 400, 'REQUEST_BODY_INVALID');
    expect(answer.body.error).toBe('Request body not valid');
    expect((await api.call('GET', '/manage/current-user/promo-codes', { token })).body).toEqual([]);
  });

  it('names the fields that failed validation in errors[{key, message}]', async () => {
    const api = await startApi();
    const { token } = await withToken(api.core);
    const answer = await api.call('POST', '/manage/current-user/promo-codes', { token, json: { code: 42, extra: true } });
    expectError(answer, 400, 'INVALID_INPUT');
    expect(answer.body.errors.map((field: { key: string }) => field.key)).toContain('body.code');
    const badId = await api.call('GET', '/manage/current-user/projects-invitations/constructor', { token });
    expectError(badId, 400, 'INVALID_INPUT');
    expect(badId.body.errors).toEqual([{ key: 'params.id', message: expect.any(String) }]);
    for (const id of ['0', '-1', '1.5', '99999999999999999999', '0x10', '1e3']) {
      expectError(await api.call('GET', `/manage/current-user/projects-invitations/${id}`, { token }), 400, 'INVALID_INPUT');
    }
  });

  it('refuses a body over the cap with 413 and a body that is not JSON with 415', async () => {
    const api = await startApi();
    const { token } = await withToken(api.core);
    const big = JSON.stringify({ code: 'x'.repeat(BODY_LIMIT_BYTES) });
    expectError(await api.call('POST', '/manage/current-user/promo-codes', { token, raw: big, headers: { 'Content-Type': 'application/json' } }), 413, 'BODY_TOO_LARGE');
    expectError(await api.call('POST', '/manage/current-user/promo-codes', { token, raw: 'code=HACK', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const api = await startApi();
    expectError(await api.call('GET', '/manage/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    expectError(await api.call('PATCH', '/manage/tokens/verify'), 404, 'ROUTE_NOT_FOUND');
  });

  it('says whether the store answers at /healthz, without a token', async () => {
    const api = await startApi();
    expect((await api.call('GET', '/healthz')).body).toEqual({ status: 'ok', store: 'ok' });
    // A store that stopped answering (a database gone away): 503, and the process keeps serving.
    const down = new (class extends MemoryStore {
      override async setting(): Promise<string | null> {
        throw new StoreError('STORE_UNREADABLE', 'the test database', 'does not answer');
      }
    })();
    const broken = await startApi({ world: { ...api, core: createCore({ store: down, clock: api.clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) }), store: down } });
    const answer = await broken.call('GET', '/healthz');
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ status: 'unavailable', store: 'unavailable' });
    expect(broken.log.join('\n')).toContain('the store did not answer');
  });
});

describe('the Management API: rate limits', () => {
  it('limits requests per token with 429 and Retry-After; another token is not held up', async () => {
    const api = await startApi({ rateLimits: { perToken: 3 } });
    const ann = await withToken(api.core, 'ann@example.com');
    const bob = await withToken(api.core, 'bob@example.com');
    for (let i = 0; i < 3; i++) expect((await api.call('GET', '/manage/tokens/verify', { token: ann.token })).status).toBe(200);
    const limited = await api.call('GET', '/manage/tokens/verify', { token: ann.token });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.call('GET', '/manage/tokens/verify', { token: bob.token })).status).toBe(200);
  });

  it('limits failed tokens per client address, while a valid token from there still works', async () => {
    const api = await startApi({ rateLimits: { failedAuthPerAddress: 2 } });
    const { token } = await withToken(api.core);
    const wrong = `${token.slice(0, 10)}${'A'.repeat(token.length - 10)}`;
    expectError(await api.call('GET', '/manage/tokens/verify', { token: wrong }), 401, 'TOKEN_MALFORMED');
    expectError(await api.call('GET', '/manage/tokens/verify', { token: 'x' }), 401, 'TOKEN_MALFORMED');
    const limited = await api.call('GET', '/manage/tokens/verify', { token: wrong });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await api.call('GET', '/manage/tokens/verify', { token })).status).toBe(200);
  });

  it('says the limit, what is left and when the window resets on every answer, and counts afresh in the next window', async () => {
    const api = await startApi({ rateLimits: { perToken: 2, windowMs: 60_000 } });
    const { token } = await withToken(api.core);
    const first = await api.call('GET', '/manage/tokens/verify', { token });
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining'), first.headers.get('x-ratelimit-reset')]).toEqual(['2', '1', '60']);
    api.clock.advance({ seconds: 45 });
    expect((await api.call('GET', '/manage/tokens/verify', { token })).headers.get('x-ratelimit-reset')).toBe('15');
    const limited = await api.call('GET', '/manage/tokens/verify', { token });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.body.error).toBe('Too many requests: at most 2 per 1 minute. Retry after the Retry-After seconds.');
    expect([limited.headers.get('retry-after'), limited.headers.get('x-ratelimit-remaining')]).toEqual(['15', '0']);
    api.clock.advance({ seconds: 15 });
    const again = await api.call('GET', '/manage/tokens/verify', { token });
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('limits the routes without a token per client address', async () => {
    const api = await startApi({ rateLimits: { perAddress: 2 } });
    await api.call('GET', '/healthz');
    await api.call('GET', '/healthz');
    const limited = await api.call('GET', '/healthz');
    expectError(limited, 429, 'RATE_LIMITED');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
