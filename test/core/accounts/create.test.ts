import { describe, expect, it } from 'vitest';
import { PAGE_LIMIT_MAX } from '../../../src/core/store/store.ts';
import { PASSWORD, makeAccount, testCore } from '../../support/core.ts';

describe('creating an account', () => {
  it('trims and lower-cases the email, which identifies the account', async () => {
    const { core } = testCore();
    const created = await core.accounts.create({ email: '  Ann.Smith@Example.COM ', password: PASSWORD });
    expect(created.email).toBe('ann.smith@example.com');
    expect(created.name).toBe('ann.smith');
    expect(await core.accounts.findByEmail('ANN.SMITH@example.com')).toMatchObject({ id: created.id });
    expect(await core.accounts.getByEmail(' ANN.SMITH@example.com')).toMatchObject({ id: created.id });
    await expect(core.accounts.getByEmail('Nobody@Example.com')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { email: 'nobody@example.com' } });
  });

  it('refuses an email that is already taken, also in another case or with spaces', async () => {
    const { core } = testCore();
    await makeAccount(core, 'ann@example.com');
    await expect(core.accounts.create({ email: 'ann@example.com', password: PASSWORD })).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
    await expect(core.accounts.create({ email: ' ANN@Example.com', password: PASSWORD })).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
      details: { email: 'ann@example.com' },
    });
    expect((await core.accounts.list()).items).toHaveLength(1);
  });

  it('refuses the second of two concurrent creations with the same email', async () => {
    const { core } = testCore();
    const results = await Promise.allSettled([
      core.accounts.create({ email: 'ann@example.com', password: PASSWORD }),
      core.accounts.create({ email: 'ANN@example.com', password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'EMAIL_TAKEN' } });
  });

  it.each(['', 'ann', 'ann@', '@example.com', 'ann@example', 'ann smith@example.com', 'ann@@example.com', 'ann@exa mple.com', 'ann\u001b[2J@example.com', `${'a'.repeat(250)}@example.com`])(
    'refuses the malformed email %j',
    async (email) => {
      const { core } = testCore();
      await expect(core.accounts.create({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_EMAIL' });
      expect(await core.accounts.list()).toEqual({ items: [], next: null });
    },
  );

  it('says which email is malformed without echoing control characters', async () => {
    const { core } = testCore();
    const error = await core.accounts.create({ email: 'bad\u001b[31m@example', password: PASSWORD }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_EMAIL' });
    expect((error as Error).message).toContain('is not a valid email address');
    expect((error as Error).message).not.toContain('\u001b');
  });

  it('keeps a given display name, trimmed, and refuses one that is too long or has control characters', async () => {
    const { core } = testCore();
    expect((await core.accounts.create({ email: 'ann@example.com', name: '  Ann Smith ', password: PASSWORD })).name).toBe('Ann Smith');
    await expect(core.accounts.create({ email: 'bob@example.com', name: 'x'.repeat(101), password: PASSWORD })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(core.accounts.create({ email: 'bob@example.com', name: 'Bob\nSmith', password: PASSWORD })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('never exposes the password hash in what it returns', async () => {
    const { core } = testCore();
    const created = await core.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    expect(Object.keys(created).sort()).toEqual(
      ['createdAt', 'email', 'id', 'numericId', 'lockedUntil', 'mfaEnabled', 'name', 'passwordChangedAt', 'recoveryCodesLeft'].sort(),
    );
  });

  it('records the creation in the security activity', async () => {
    const { core } = testCore();
    const id = await makeAccount(core, 'ann@example.com');
    expect((await core.accounts.securityActivity(id)).map((e) => e.type)).toEqual(['account.created']);
  });

  it('lists accounts by email', async () => {
    const { core } = testCore();
    await makeAccount(core, 'carol@example.com');
    await makeAccount(core, 'ann@example.com');
    const page = await core.accounts.list();
    expect(page.items.map((a) => a.email)).toEqual(['ann@example.com', 'carol@example.com']);
    expect(page.next).toBeNull();
  });

  it('lists accounts a page at a time, continuing after the cursor it returns', async () => {
    const { core } = testCore();
    for (const name of ['dave', 'bob', 'erin', 'ann', 'carol']) await makeAccount(core, `${name}@example.com`);
    const first = await core.accounts.list({ limit: 2 });
    expect(first.items.map((a) => a.email)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(first.next).not.toBeNull();
    const second = await core.accounts.list({ limit: 2, after: first.next });
    expect(second.items.map((a) => a.email)).toEqual(['carol@example.com', 'dave@example.com']);
    const last = await core.accounts.list({ limit: 2, after: second.next });
    expect(last).toMatchObject({ items: [{ email: 'erin@example.com' }], next: null });
    expect(Object.keys(last.items[0]!)).not.toContain('passwordHash');
  });

  it('refuses a page size outside 1 to PAGE_LIMIT_MAX as INVALID_INPUT', async () => {
    const { core } = testCore();
    for (const limit of [0, -1, 1.5, PAGE_LIMIT_MAX + 1]) {
      await expect(core.accounts.list({ limit })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { max: PAGE_LIMIT_MAX } });
    }
    await expect(core.accounts.list({ limit: PAGE_LIMIT_MAX })).resolves.toEqual({ items: [], next: null });
  });

  it('reports an unknown account id as ACCOUNT_NOT_FOUND', async () => {
    const { core } = testCore();
    await expect(core.accounts.get('acc_nope')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});
