import { describe, expect, it } from 'vitest';
import { serializerCompiler } from '../../src/api/serializer.ts';
import { projectSchema, tokenSchema, verifiedTokenSchema } from '../../src/api/schemas.ts';

const compile = (schema: Parameters<typeof serializerCompiler>[0]['schema']) => serializerCompiler({ schema, method: 'GET', url: '/test', httpStatus: '200' });

const token = {
  id: 7,
  description: 'deploy',
  hint: 'Ab12',
  created: '2026-12-01T10:00:00.000Z',
  lastUsed: null,
  expires: '2027-01-01T10:00:00.000Z',
  isExpired: false,
  state: 'active',
  graceUntil: null,
  revokedReason: null,
};

describe('the response serializer', () => {
  it('writes what zod would: the declared fields, null where a field may be null', () => {
    const text = compile(tokenSchema)(token);
    expect(JSON.parse(text)).toEqual(token);
    expect(tokenSchema.parse(JSON.parse(text))).toEqual(token);
  });

  it('never writes a field the schema does not declare, however it got into the value', () => {
    const text = compile(tokenSchema)({ ...token, secretHash: 'f'.repeat(64), accountId: 'acc_1' });
    expect(text).not.toContain('secretHash');
    expect(text).not.toContain('acc_1');
  });

  it('refuses a value missing a required field (the request becomes a 500), as zod did', () => {
    const { created: _created, ...incomplete } = token;
    expect(() => compile(tokenSchema)(incomplete)).toThrow(/created/);
  });

  it('writes nested objects, arrays and maps (records) in full', () => {
    const project = {
      id: 3,
      name: 'Sales',
      role: 'admin',
      created: '2026-12-01T10:00:00.000Z',
      expires: null,
      limits: { 'storage.dataSizeBytes': { name: 'storage.dataSizeBytes', value: 10 } },
      usage: { 'storage.dataSizeBytes': { name: 'storage.dataSizeBytes', value: 4, recorded: '2026-12-02T10:00:00.000Z' } },
    };
    expect(JSON.parse(compile(projectSchema)(project))).toEqual(project);
    const verified = {
      id: 7,
      description: 'deploy',
      created: token.created,
      lastUsed: '2026-12-03T10:00:00.000Z',
      expires: token.expires,
      isSessionToken: false,
      isExpired: false,
      isDisabled: false,
      scopes: [],
      type: 'admin',
      creator: { id: 1, name: 'Ada "the" Admin' },
      user: { id: 1, name: 'Ada "the" Admin', email: 'ada@example.com', mfaEnabled: true, features: [], canAccessLogs: false, isSuperAdmin: false },
    };
    expect(verifiedTokenSchema.parse(JSON.parse(compile(verifiedTokenSchema)(verified)))).toEqual(verified);
  });

  it('escapes text as JSON requires: quotes, control characters, lone surrogates, line separators', () => {
    const hostile = { ...token, description: 'a"b\\c\n\u0000\u2028\ud800</script>' };
    expect(JSON.parse(compile(tokenSchema)(hostile)).description).toBe(hostile.description);
  });
});
