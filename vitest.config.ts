import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Several suites spawn real child processes that contend for one lock; two cores here.
    pool: 'forks',
    // One throwaway PostgreSQL server per run for the store contract suite's PostgreSQL leg.
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
