import { describe, expect, it } from 'vitest';
import { makeAccount, testCore } from '../support/core.ts';

describe('core composition', () => {
  it('creates an account and lists it', async () => {
    const { core } = testCore();
    const id = await makeAccount(core, 'Ann@Example.com ');
    expect((await core.accounts.list()).items.map((a) => [a.id, a.email])).toEqual([[id, 'ann@example.com']]);
  });
});
