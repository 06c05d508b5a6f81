import { openCore, type Core, type OpenCoreOptions } from '../../src/core/index.ts';

// Worker processes import this module: it must not import vitest (see newSharedStore in core.ts).

/**
 * Where a test's processes share one store: a data directory, or a PostgreSQL URL. Workers take
 * it as one argument and open it with `openSharedCore`.
 */
export type SharedStore = string;

const isDatabaseUrl = (store: SharedStore) => /^postgres(ql)?:\/\//.test(store);

/** Opens the core on a shared store (in a test or a worker process). */
export function openSharedCore(store: SharedStore, options: Omit<OpenCoreOptions, 'dataDir' | 'databaseUrl'>): Promise<Core> {
  return openCore(isDatabaseUrl(store) ? { ...options, dataDir: '', databaseUrl: store } : { ...options, dataDir: store });
}
