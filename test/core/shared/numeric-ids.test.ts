import { describe, expect, it } from 'vitest';
import { makeAccount, stored, testCore } from '../../support/core.ts';

/** Numeric ids (the Management API names entries by them): 1, 2, 3… per collection, never shared. */
describe('numeric ids', () => {
  it('numbers accounts, projects, invitations and tokens 1, 2, 3… per collection, and finds each by its number', async () => {
    const { core } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const bob = await makeAccount(core, 'bob@example.com');
    const first = await core.projects.create({ name: 'First' });
    const second = await core.projects.create({ name: 'Second' });
    const invitation = await core.invitations.create({ projectId: second.id, email: 'bob@example.com' });
    const token = await core.tokens.create(ann, { description: 'CI', expiresInDays: 30 });

    expect([(await core.accounts.get(ann)).numericId, (await core.accounts.get(bob)).numericId]).toEqual([1, 2]);
    expect([first.numericId, second.numericId]).toEqual([1, 2]);
    expect(invitation).toMatchObject({ numericId: 1, projectNumericId: 2 });
    expect(token.token.numericId).toBe(1);

    expect(await core.idOfNumeric('accounts', 2)).toBe(bob);
    expect(await core.idOfNumeric('projects', 2)).toBe(second.id);
    expect(await core.idOfNumeric('invitations', 1)).toBe(invitation.id);
    expect(await core.idOfNumeric('tokens', 1)).toBe(token.token.id);
  });

  it('finds nothing for a number never given, zero, a negative, a fraction or an unsafe integer', async () => {
    const { core } = testCore();
    await core.projects.create({ name: 'Only' });
    for (const n of [2, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) expect(await core.idOfNumeric('projects', n)).toBeNull();
  });

  it('gives concurrent creations distinct consecutive numbers', async () => {
    const { core } = testCore();
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => core.projects.create({ name: `P${i}` })));
    expect(created.map((project) => project.numericId).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never gives a deleted entry’s number again', async () => {
    const { core, store } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    const a = await core.tokens.create(ann, { description: 'A', expiresInDays: 30 });
    await core.tokens.delete(ann, a.token.id);
    const b = await core.tokens.create(ann, { description: 'B', expiresInDays: 30 });
    expect(b.token.numericId).toBe(2);
    expect(await core.idOfNumeric('tokens', 1)).toBeNull();
    expect(await stored(store, 'sequences', 'tokens')).toEqual({ name: 'tokens', last: 2 });
  });
});
