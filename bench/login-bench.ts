import argon2 from 'argon2';
import { accountIdOf, BENCH_PASSWORD, emailOf } from './seed.ts';
import type { BenchCore } from './bench-core.ts';
import { interleave, type Comparison } from './stats.ts';

/**
 * core.accounts.login (lookup by email, argon2id verify, then one transaction recording
 * `login.succeeded`) against bare argon2.verify of the same ARGON2_PARAMS hash and password.
 */
export async function benchLogin(bench: BenchCore, accounts: number, budgetMs: number): Promise<Comparison> {
  const { core, store } = bench;
  // Every seeded account shares one hash (seed.ts).
  const account = await store.view((view) => view.get('accounts', accountIdOf(0)));
  if (!account) throw new Error('the seeded store has no account 0');
  const hash = account.passwordHash;
  let next = 0;
  const big = accounts >= 20_000;
  return interleave({
    subject: async () => {
      // Even accounts, round robin: markRead used the odd ones.
      const email = emailOf((next++ * 2) % accounts);
      const result = await core.accounts.login({ email, password: BENCH_PASSWORD });
      if (result.status !== 'ok') throw new Error(`login of ${email} did not succeed: ${result.status}`);
    },
    baseline: async () => {
      if (!(await argon2.verify(hash, BENCH_PASSWORD))) throw new Error('bare argon2.verify refused the password');
    },
    warmup: big ? 1 : 3,
    minPairs: big ? 4 : 10,
    maxPairs: 200,
    budgetMs,
  });
}
