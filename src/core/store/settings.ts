import type { Store } from './store.ts';

/**
 * The installation setting that records which secret key the stored secrets are sealed with: a
 * check value of the key (keyCheckOf), never the key.
 */
export const KEY_CHECK = 'key_check';

/**
 * `Store.settle` for the stores that keep settings as entries of the `meta` collection (memory,
 * file): read first without the lock, since a setting is settled once and then only read.
 */
export async function settleInMeta(store: Pick<Store, 'view' | 'transact'>, key: string, value: string): Promise<string> {
  const settled = await settingInMeta(store, key);
  if (settled !== null) return settled;
  return store.transact(async (tx) => {
    const current = await tx.get('meta', key);
    if (current) return current.value;
    tx.put('meta', key, { key, value });
    return value;
  });
}

/** `Store.setting` for the stores that keep settings in the `meta` collection. */
export async function settingInMeta(store: Pick<Store, 'view'>, key: string): Promise<string | null> {
  return store.view(async (view) => (await view.get('meta', key))?.value ?? null);
}
