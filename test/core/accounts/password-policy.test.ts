import { describe, expect, it } from 'vitest';
import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../src/core/index.ts';
import { testCore } from '../../support/core.ts';

const EMAIL = 'ann@example.com';
const create = (password: string) => testCore().core.accounts.create({ email: EMAIL, password });

describe('password policy', () => {
  it('is 8 to 256 characters', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([8, 256]);
  });

  it('refuses 7 characters with PASSWORD_TOO_SHORT', async () => {
    await expect(create('kq7#vzm')).rejects.toMatchObject({ code: 'PASSWORD_TOO_SHORT', details: { min: 8 } });
  });

  it('lets exactly 8 characters through the length rule; the estimate then judges them', async () => {
    // zxcvbn counts 10 guesses a character it cannot explain: 8 random ones are 10^8, below score 3.
    await expect(create('kq7#vzmw')).rejects.toMatchObject({ code: 'PASSWORD_TOO_WEAK', details: { reason: 'guessable' } });
    expect(await passwordProblem('zqxjvkwplm', { email: EMAIL })).toBeNull();
  });

  it('counts code points, so 8 emoji (16 UTF-16 units) pass and 7 do not', async () => {
    const eight = '🦊🐙🌵🚲🎻🧭🪁🍄';
    expect(eight.length).toBe(16);
    await expect(create(eight)).resolves.toMatchObject({ email: EMAIL });
    await expect(create([...eight].slice(0, 7).join(''))).rejects.toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
  });

  it('accepts 256 characters and refuses 257 with PASSWORD_TOO_LONG', async () => {
    const base = 'Tq9!xw3Lm'.repeat(30);
    await expect(create(base.slice(0, 256))).resolves.toMatchObject({ email: EMAIL });
    await expect(create(base.slice(0, 257))).rejects.toMatchObject({ code: 'PASSWORD_TOO_LONG', details: { max: 256 } });
  });

  it('counts 257 emoji as too long although each is one character', async () => {
    await expect(create('🦊'.repeat(257))).rejects.toMatchObject({ code: 'PASSWORD_TOO_LONG' });
  });

  it.each(['password1', 'qwerty123', 'iloveyou', 'trustno1', 'Password1', ' PASSWORD1 '])(
    'refuses the common password %j with PASSWORD_TOO_COMMON',
    async (password) => {
      expect((dictionary['passwords-common'] as string[]).includes(password.trim().toLowerCase())).toBe(true);
      await expect(create(password)).rejects.toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
    },
  );

  it('refuses the email as password in any case with PASSWORD_IS_EMAIL', async () => {
    await expect(create('ann@example.com')).rejects.toMatchObject({ code: 'PASSWORD_IS_EMAIL' });
    await expect(create(' ANN@Example.com')).rejects.toMatchObject({ code: 'PASSWORD_IS_EMAIL' });
  });

  it('has no composition rules: lower-case letters only are fine when long and uncommon', async () => {
    await expect(create('correct horse battery staple')).resolves.toMatchObject({ email: EMAIL });
    expect(await passwordProblem('zqxjvkwplm', { email: EMAIL })).toBeNull();
    expect(await passwordProblem('82749163528', { email: EMAIL })).toBeNull();
  });

  it('gives each rule its own code and a message that names the rule', async () => {
    const messages = await Promise.all(
      ['short', 'x'.repeat(257), 'password1', EMAIL].map((p) => create(p).catch((e: Error) => e.message)),
    );
    expect(messages).toEqual([
      expect.stringMatching(/at least 8 characters/),
      expect.stringMatching(/at most 256 characters/),
      expect.stringMatching(/too common/),
      expect.stringMatching(/must not be your email/),
    ]);
  });

  it('changes nothing when the password is refused', async () => {
    const { core } = testCore();
    await expect(core.accounts.create({ email: EMAIL, password: 'short' })).rejects.toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
    expect(await core.accounts.list()).toEqual({ items: [], next: null });
  });
});
