import type { Document } from './schema.ts';

/** Read-only view of stored data: entries read outside a transaction are shared, so nobody may change them. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The collections of stored entries (see schema.ts), each keyed by id. */
export type CollectionKey = Exclude<keyof Document, 'schemaVersion'>;
/** An entry of collection `C`. */
export type Entry<C extends CollectionKey> = Document[C][string];
