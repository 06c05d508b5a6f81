import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { passwordProblem, preparePasswordPolicy } from '../../../src/core/index.ts';
import { ownerWords } from '../../../src/core/accounts/password-strength.ts';
import { makeAccount, PASSWORD, testCore } from '../../support/core.ts';

const OWNER = { email: 'walker@example.com', name: 'Jane Walker' };
const create = (password: string, owner: { email: string; name?: string } = OWNER) => testCore().core.accounts.create({ ...owner, password });

describe('password strength: zxcvbn with the owner’s and the service’s words', () => {
  it.each([
    ['8 spaces', ' '.repeat(8), 'repeat', /Repeated characters/],
    ['one letter repeated', 'aaaaaaaa', 'repeat', /Repeated characters/],
    ['a sequence', 'abcdefgh', 'sequence', /Sequences like "abcd"/],
    ['the service’s name and digits', 'keboola123', 'product', /Leave out "Keboola"/],
    ['the display name', 'Jane Walker', 'personal', /Leave out your name and email address/],
    ['the email with a digit', 'walker@example.com1', 'personal', /Leave out your name and email address/],
  ])('refuses %s (%j) as PASSWORD_TOO_WEAK with a reason: %s', async (_what, password, reason, message) => {
    const error = await create(password).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PASSWORD_TOO_WEAK', details: { reason } });
    expect((error as Error).message).toMatch(message);
  });

  it('refuses the service’s words disguised or combined', async () => {
    for (const password of ['K3b00la-2026', 'kbc connection', 'KeboolaConnection!']) {
      expect(await passwordProblem(password, { email: 'ann@example.org' }), password).toMatchObject({ code: 'PASSWORD_TOO_WEAK', reason: 'product' });
    }
  });

  it('refuses the parts of the email and the words of the name, not only the whole', async () => {
    const owner = { email: 'jane.walker@acmedata.io', name: 'Jane van Walker' };
    for (const password of ['acmedata2024', 'janewalker!!', 'JaneWalker1990', 'jane.walker2', 'walker1990']) {
      expect(await passwordProblem(password, owner), password).toMatchObject({ code: 'PASSWORD_TOO_WEAK', reason: 'personal' });
    }
    // The same strings are no one's words for another owner, so the reason is not "personal".
    expect(await passwordProblem('acmedata2024', { email: 'bob@example.org' })).not.toMatchObject({ reason: 'personal' });
  });

  it('takes the email, its local part and words, the domain labels but the top level, and the name', () => {
    expect(ownerWords({ email: 'Jane.Walker@Acme-Data.co.uk', name: 'Jane  van Walker' }).sort()).toEqual(
      ['jane.walker@acme-data.co.uk', 'jane.walker', 'janewalker', 'jane', 'walker', 'acme-data', 'jane  van walker', 'janevanwalker', 'van'].sort(),
    );
  });

  it('keeps the blocklist: a listed password is PASSWORD_TOO_COMMON, not merely weak', async () => {
    await expect(create('password1')).rejects.toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
  });

  it('accepts passphrases and long random strings without composition rules', async () => {
    for (const password of [PASSWORD, 'purple otter lantern', 'cellar-plum-42', 'x7#Kq9!mZp', 'zqxjvkwplm']) {
      expect(await passwordProblem(password, OWNER), password).toBeNull();
    }
  });

  it('judges a change of password with the account’s own email and display name', async () => {
    const { core } = testCore();
    const id = (await core.accounts.create({ email: 'grace@example.com', name: 'Grace Hopper', password: PASSWORD })).id;
    await expect(core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: 'GraceHopper1' })).rejects.toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      details: { reason: 'personal' },
    });
    await expect(core.accounts.changePassword({ accountId: id, currentPassword: PASSWORD, newPassword: 'grace@example.com!' })).rejects.toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
    });
    await expect(core.accounts.login({ email: 'grace@example.com', password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });

  it('creates nothing when the password is refused', async () => {
    const { core } = testCore();
    await expect(makeAccount(core, 'walker@example.com', 'walker@example.com1')).rejects.toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    expect(await core.accounts.list()).toEqual({ items: [], next: null });
  });

  // How long a check takes is the benchmark's business, not a test's (README, Performance). What
  // keeps a 256-character password cheap is that only its first 64 characters are estimated:
  it('estimates a long password on its first 64 characters, which can only make it stricter', async () => {
    await preparePasswordPolicy();
    const strongTail = 'Tq9!xw3Lm#vB7@pZ'.repeat(12);
    expect(await passwordProblem(`${'a'.repeat(64)}${strongTail}`, OWNER)).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    expect(await passwordProblem(`${strongTail}`.slice(0, 200), OWNER)).toBeNull();
  });
});
