import { describe, expect, it } from 'vitest';
import { createCore, createSecretBox, fastTestHasher, FakeClock, type PasswordHasher } from '../../../src/core/index.ts';
import { openTestPostgresStore, PASSWORD, TEST_SECRET_KEY } from '../../support/core.ts';
import { usePostgres } from '../../support/postgres.ts';
import { recordQueries } from '../../support/pg-queries.ts';

const EMAIL = 'ann@example.com';

/**
 * A sign-in on PostgreSQL costs one round trip before argon2 (the email's throttle and account
 * read at once) and one after it (the reads known from before checked, the session and its
 * record written, committed): the login benchmark's ratio to bare argon2 rests on it.
 */
describe.skipIf(usePostgres() === null)('a sign-in on PostgreSQL', () => {
  it('sends one query before the password is checked and one after it', async () => {
    const store = await openTestPostgresStore();
    let phase: 'before' | 'verifying' | 'after' = 'before';
    const fast = fastTestHasher();
    const hasher: PasswordHasher = {
      ...fast,
      verify: async (hash, password) => {
        phase = 'verifying';
        // Long enough for the reads started beside argon2 to come back.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const verified = await fast.verify(hash, password);
        phase = 'after';
        return verified;
      },
    };
    const core = createCore({ store, clock: new FakeClock(), hasher, secrets: createSecretBox(TEST_SECRET_KEY) });
    const { id } = await core.accounts.create({ email: EMAIL, password: PASSWORD });
    // Signed in before: the second sign-in also has security events to add to and a session to keep.
    await core.accounts.login({ email: EMAIL, password: PASSWORD });

    phase = 'before';
    const { result, sent } = await recordQueries(() => core.accounts.login({ email: EMAIL, password: PASSWORD }), () => phase);
    expect(result).toMatchObject({ status: 'ok' });
    const during = (name: string) => sent.filter((entry) => entry.label === name).map((entry) => entry.sql);
    expect(during('before')).toHaveLength(1);
    expect(during('after')).toHaveLength(1);
    expect(during('after')[0]).toMatch(/^BEGIN; SELECT kbc_expect\(.*COMMIT$/s);
    expect(await core.sessions.summaryFor(id)).toMatchObject({ active: 2 });
  });
});

