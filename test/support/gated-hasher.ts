import { fastTestHasher, type PasswordHasher } from '../../src/core/index.ts';

/**
 * A fast hasher whose verifications wait until `release()` is called: argon2 still running while
 * another process acts. `waiting` resolves once a verification has begun.
 */
export function gatedHasher(): { hasher: PasswordHasher; release: () => void; waiting: Promise<void> } {
  const fast = fastTestHasher();
  let release = () => {};
  let entered = () => {};
  const gate = { open: new Promise<void>((resolve) => (release = resolve)), waiting: new Promise<void>((resolve) => (entered = resolve)) };
  const hasher: PasswordHasher = {
    ...fast,
    verify: async (hash, password) => {
      entered();
      await gate.open;
      return fast.verify(hash, password);
    },
  };
  return { hasher, release: () => release(), waiting: gate.waiting };
}
