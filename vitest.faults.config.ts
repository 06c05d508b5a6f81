import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the fault suite (test/faults/**\/*.faults.ts, kept out of `npm test`).
 * Its scenarios start many processes that contend for one lock on two cores, so files run one
 * at a time; global-setup.ts prints the counts at the end.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.ts'],
    globalSetup: ['test/faults/support/global-setup.ts', 'test/support/postgres-global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
