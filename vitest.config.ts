import { defineConfig } from 'vitest/config';
import { findPostgresBinaries } from './test/support/postgres-binaries.ts';

/** The domain tests (test/core), run once per store: the storage port's contract in practice. */
const DOMAIN_TESTS = ['test/core/**/*.test.ts'];
/** Tests of one store's own files, locks and faults, and the port contract that opens every store itself. */
const STORE_TESTS = ['test/core/store/**'];

/**
 * The domain tests of the file and PostgreSQL legs share one module graph per worker instead of
 * loading the core anew for each file (about half a second a file): they keep no state in modules
 * (their stores and directories are closed and removed by the hooks of the setup file). The
 * memory leg keeps isolation: it also runs the front ends' tests, which set globals (TZ, React's
 * act environment).
 */
const SHARED_MODULES = { isolate: false, setupFiles: ['test/support/shared-modules-setup.ts'] };

/** The PostgreSQL leg runs wherever a server is given or PostgreSQL is installed (CI installs it). */
const postgresLeg = Boolean(process.env.KBC_TEST_DATABASE_URL) || 'bin' in (await findPostgresBinaries());

export default defineConfig({
  test: {
    // Several suites spawn real child processes that contend for one lock; two cores here.
    pool: 'forks',
    // Two files at a time (vitest's default is one fewer than the cores: one here). Most tests
    // wait on a child process, tmux, PostgreSQL or argon2's threads more than they compute, so a
    // second file fills the waits.
    maxWorkers: 2,
    // One throwaway PostgreSQL server per run for the PostgreSQL leg (skipped with a notice where it
    // is not installed); dist/ made current once, for the CLIs the tests start.
    globalSetup: ['test/support/postgres-global-setup.ts', 'test/support/dist-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'memory', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] } },
      { extends: true, test: { name: 'file', include: DOMAIN_TESTS, exclude: STORE_TESTS, env: { KBC_TEST_STORE: 'file' }, ...SHARED_MODULES } },
      ...(postgresLeg
        ? [{ extends: true as const, test: { name: 'postgres', include: DOMAIN_TESTS, exclude: STORE_TESTS, env: { KBC_TEST_STORE: 'postgres' }, ...SHARED_MODULES } }]
        : []),
    ],
  },
});
