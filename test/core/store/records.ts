import { createHash } from 'node:crypto';
import type { Project } from '../../../src/core/store/schema.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import { PAGE_LIMIT_MAX, type Page, type Store } from '../../../src/core/store/store.ts';

// Store test records and the store calls the store tests repeat, in a module of their own: it
// imports nothing that loads a store, so a test that must patch `node:fs` before the store is
// loaded can use it (append-failure.test.ts).

/**
 * A numeric id for a test record put directly into a store (services take theirs from the
 * collection's sequence): derived from the id, 48 bits, so records with different ids do not
 * collide in the unique `numericId` index.
 */
export function numericIdFor(id: string): number {
  return Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 12), 16) + 1;
}

/** A minimal schema-valid project with a given id: the unit of work of the store tests. */
export function projectRecord(id: string, name = id): Project {
  return {
    id,
    numericId: numericIdFor(id),
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

/** One transaction that adds (or replaces) the project `id`. */
export async function addProject(store: Store, id: string, name = id): Promise<void> {
  await store.transact(async (tx) => {
    tx.put('projects', id, projectRecord(id, name));
  });
}

/** The ids of every project `store` shows now, sorted: read page by page through the `all` index. */
export async function projectIds(store: Store): Promise<string[]> {
  return store.view(async (view) => {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: Page<{ readonly id: string }> = await view.page('projects', 'all', { key: ALL, limit: PAGE_LIMIT_MAX, after });
      ids.push(...page.items.map((project) => project.id));
      after = page.next;
    } while (after !== null);
    return ids.sort();
  });
}
