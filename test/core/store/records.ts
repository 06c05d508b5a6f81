import type { Project } from '../../../src/core/store/schema.ts';

// Store test records, in a module of their own: it imports nothing that loads the store, so a
// test that must patch `node:fs` before the store is loaded can use it (append-failure.test.ts).

/** A minimal schema-valid project with a given id: the unit of work of the store tests. */
export function projectRecord(id: string, name = id): Project {
  return {
    id,
    name,
    createdAt: '2025-01-01T00:00:00.000Z',
    expiresAt: null,
    limits: {},
    usage: {},
    breachedMetrics: [],
    members: {},
    origin: { type: 'operator' },
  };
}
