import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's PostgreSQL database, or null where PostgreSQL is not installed. */
    postgresUrl: string | null;
  }
}

/**
 * Child processes (workers, the CLI) cannot `inject`, so the URL also travels in this variable;
 * set beforehand, it names a server to use instead of starting one.
 */
export const POSTGRES_URL_ENV = 'KBC_TEST_DATABASE_URL';

export interface PostgresSetupOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the one-line skip notice goes. @default process.stderr */
  readonly stderr?: Pick<NodeJS.WritableStream, 'write'>;
}

/**
 * Starts one throwaway PostgreSQL server for the whole run (starting one per test file would cost
 * ~2 s each) and hands its URL to the tests. Without PostgreSQL a developer's run skips the
 * PostgreSQL leg with a notice, but CI throws: a CI that silently skipped would pass without ever
 * testing that store.
 */
export default async function setup(project: Pick<TestProject, 'provide'>, options: PostgresSetupOptions = {}): Promise<() => Promise<void>> {
  const env = options.env ?? process.env;
  const given = env[POSTGRES_URL_ENV];
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return async () => undefined;
  }
  const server = await startThrowawayPostgres({ env }).catch((error: unknown) => {
    throw new Error(`The throwaway PostgreSQL server for the tests did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  if ('skipped' in server) {
    if (env.CI === 'true') throw new Error(`PostgreSQL not installed, and CI must run the PostgreSQL leg of the store contract suite (apt-get install postgresql): ${server.skipped}`);
    (options.stderr ?? process.stderr).write(`PostgreSQL not installed: the PostgreSQL leg of the store contract suite was skipped (apt-get install postgresql): ${server.skipped}\n`);
    project.provide('postgresUrl', null);
    return async () => undefined;
  }
  project.provide('postgresUrl', server.url);
  env[POSTGRES_URL_ENV] = server.url;
  return async () => {
    delete env[POSTGRES_URL_ENV];
    await server.stop();
  };
}
