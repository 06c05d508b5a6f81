import { describe, expect, it } from 'vitest';
import {
  argon2Hasher,
  createCore,
  createSecretBox,
  fastTestHasher,
  FakeClock,
  MemoryStore,
  totpCodeAt,
  type PasswordHasher,
} from '../../../src/core/index.ts';
import { ARGON2_PARAMS } from '../../../src/core/crypto/password-hasher.ts';
import type { Store } from '../../../src/core/store/store.ts';
import { PASSWORD, TEST_SECRET_KEY, stored } from '../../support/core.ts';

/** Two cores on one store, like two deployments before and after a parameter change. */
function coresOnOneStore(before: PasswordHasher, after: PasswordHasher) {
  const store = new MemoryStore();
  const clock = new FakeClock();
  const secrets = createSecretBox(TEST_SECRET_KEY);
  return {
    store,
    old: createCore({ store, clock, secrets, hasher: before }),
    current: createCore({ store, clock, secrets, hasher: after }),
  };
}

const storedHash = async (store: Store, id: string) => (await stored(store, 'accounts', id))!.passwordHash;

const WEAK = { memoryCost: 4096, timeCost: 1, parallelism: 1 };

describe('password hashing', () => {
  it('uses OWASP argon2id parameters or stronger by default', () => {
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
  });

  it('stores an argon2id hash with the current parameters, never the password', async () => {
    const { store, current } = coresOnOneStore(argon2Hasher(), argon2Hasher());
    const { id } = await current.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    const hash = await storedHash(store, id);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain(PASSWORD);
    expect(argon2Hasher().needsRehash(hash)).toBe(false);
  });

  it('rehashes on login when the argon2 parameters changed', async () => {
    const { store, old, current } = coresOnOneStore(argon2Hasher(WEAK), argon2Hasher(ARGON2_PARAMS));
    const { id } = await old.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    const weakHash = await storedHash(store, id);
    expect(weakHash).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    expect(argon2Hasher().needsRehash(weakHash)).toBe(true);

    await expect(current.accounts.login({ email: 'ann@example.com', password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    const rehashed = await storedHash(store, id);
    expect(rehashed).not.toBe(weakHash);
    expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(argon2Hasher().needsRehash(rehashed)).toBe(false);
    await expect(current.accounts.login({ email: 'ann@example.com', password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
    expect(await storedHash(store, id)).toBe(rehashed);
  });

  it('does not rehash on a failed login', async () => {
    const { store, old, current } = coresOnOneStore(argon2Hasher(WEAK), argon2Hasher());
    const { id } = await old.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    const weakHash = await storedHash(store, id);
    await expect(current.accounts.login({ email: 'ann@example.com', password: 'wrong password here' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(await storedHash(store, id)).toBe(weakHash);
  });

  it('treats an argon2i hash or a foreign format as needing a rehash', async () => {
    const argon2 = (await import('argon2')).default;
    const argon2i = await argon2.hash(PASSWORD, { ...WEAK, type: argon2.argon2i });
    const hasher = argon2Hasher(WEAK);
    expect(hasher.needsRehash(argon2i)).toBe(true);
    expect(hasher.needsRehash('$test$v=1$abc$def')).toBe(true);
    expect(await hasher.verify('$test$v=1$abc$def', PASSWORD)).toBe(false);
  });

  it('rehashes with a changed fast test hasher version too', async () => {
    const { store, old, current } = coresOnOneStore(fastTestHasher(1), fastTestHasher(2));
    const { id } = await old.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    expect(await storedHash(store, id)).toMatch(/^\$test\$v=1\$/);
    await current.accounts.login({ email: 'ann@example.com', password: PASSWORD });
    expect(await storedHash(store, id)).toMatch(/^\$test\$v=2\$/);
    await expect(old.accounts.login({ email: 'ann@example.com', password: PASSWORD })).resolves.toMatchObject({ status: 'ok' });
  });

  it('rehashes at the password step of an account with MFA as well', async () => {
    const { store, old, current } = coresOnOneStore(fastTestHasher(1), fastTestHasher(2));
    const { id } = await old.accounts.create({ email: 'ann@example.com', password: PASSWORD });
    const { secret } = await old.mfa.startEnrollment(id);
    await old.mfa.activate(id, await totpCodeAt(secret, old.clock.now()));
    await expect(current.accounts.login({ email: 'ann@example.com', password: PASSWORD })).resolves.toMatchObject({ status: 'mfa_required' });
    expect(await storedHash(store, id)).toMatch(/^\$test\$v=2\$/);
  });

  it('gives the same password different hashes (salted)', async () => {
    const hasher = argon2Hasher(WEAK);
    const [a, b] = await Promise.all([hasher.hash(PASSWORD), hasher.hash(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, PASSWORD)).toBe(true);
    expect(await hasher.verify(a, `${PASSWORD}!`)).toBe(false);
  });
});
