import { SCHEMA_VERSION } from './schema.ts';

/**
 * Forward-only migrations: `MIGRATIONS[n]` turns a version-n document into version n+1. A
 * document newer than SCHEMA_VERSION is refused, never downgraded.
 */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export function migrate(doc: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  let current = doc;
  for (let version = fromVersion; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    current = { ...step(current), schemaVersion: version + 1 };
  }
  return current;
}
