import type { DeepReadonly, Entry } from './collections.ts';
import type { StoreReader, StoreTransaction, StoreView } from './store.ts';

/** The collections whose entries carry a numeric id (schema.ts, `numericId`). */
export const NUMBERED_COLLECTIONS = ['accounts', 'projects', 'invitations', 'tokens', 'joinRequests'] as const;
export type NumberedCollection = (typeof NUMBERED_COLLECTIONS)[number];

/**
 * The next numeric id of `collection`, taken inside the transaction that creates the entry: the
 * collection's counter is read (PostgreSQL locks its row until the transaction ends) and written
 * back one higher, so two transactions never take the same number. Where the counter does not
 * exist yet, two first transactions both insert it and one fails on the key and runs again; the
 * file and memory stores run transactions one at a time.
 */
export async function nextNumericId(tx: StoreTransaction, collection: NumberedCollection): Promise<number> {
  const current = await tx.get('sequences', collection);
  const next = (current?.last ?? 0) + 1;
  tx.put('sequences', collection, { name: collection, last: next });
  return next;
}

/** The entry of `collection` with numeric id `numericId` (one indexed read), or null. */
export async function findByNumericId<C extends NumberedCollection>(
  reader: StoreReader,
  collection: C,
  numericId: number,
): Promise<DeepReadonly<Entry<C>> | null> {
  if (!Number.isSafeInteger(numericId) || numericId < 1) return null;
  const [found] = await (reader as StoreView).find(collection, 'numericId' as never, String(numericId));
  return (found as DeepReadonly<Entry<C>> | undefined) ?? null;
}

