import type { Document } from './schema.ts';

/** Read-only view of stored data: the cached document is shared, so nobody may change it. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * The newest document as of a read. A change replaces the entries it touches, never modifies
 * them, so an entry read from a snapshot keeps its content; the collections, though, are shared
 * and show later changes (copying 50,000 entries per change was the cost this avoids). Every
 * change gives a new snapshot object, so identity tells whether anything changed.
 */
export type Snapshot = DeepReadonly<Document>;

/**
 * The storage port. `transact` is the only way to change data: `change` runs on a private draft
 * of the newest document while the store holds every other writer out, and what it changed is
 * validated and made durable before the promise resolves. If `change` throws, nothing is written.
 */
export interface Store {
  read(): Promise<Snapshot>;
  transact<T>(change: (doc: Document) => T): Promise<T>;
  /** A label for messages, e.g. the file path. */
  readonly location: string;
}

/**
 * Returns `result` unless it is a promise: a transaction's change runs synchronously on the
 * draft, so an async callback would mutate it after the commit and lose those changes silently.
 */
export function assertSynchronous<T>(result: T): T {
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    throw new Error('a transaction change must be synchronous: do async work before store.transact');
  }
  return result;
}
