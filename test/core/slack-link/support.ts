import type { Store, StoreTransaction } from '../../../src/core/store/store.ts';
import { ALL } from '../../../src/core/store/indexes.ts';

/**
 * `store`, remembering every entry its transactions read, put or found: what a transaction wrote
 * is among them as committed (changes made in place show on the entries it read). Anything a
 * transaction stored is therefore in `touched`.
 */
export function recordingStore(store: Store): { store: Store; touched: unknown[] } {
  const touched: unknown[] = [];
  const recording = (tx: StoreTransaction): StoreTransaction => ({
    get: async (collection, id) => {
      const entry = await tx.get(collection, id);
      touched.push(entry);
      return entry;
    },
    find: async (collection, index, key) => {
      const entries = await tx.find(collection, index, key);
      touched.push(...entries);
      return entries;
    },
    page: async (collection, index, query) => {
      const page = await tx.page(collection, index, query);
      touched.push(...page.items);
      return page;
    },
    put: (collection, id, entry) => {
      touched.push(entry);
      tx.put(collection, id, entry);
    },
    delete: (collection, id) => tx.delete(collection, id),
    // Peeks are read-only and never written back: nothing stored passes through them.
    peek: tx.peek,
  });
  return {
    touched,
    store: {
      location: store.location,
      transact: (work) => store.transact((tx) => work(recording(tx))),
      view: (work) => store.view(work),
      changeSignal: () => store.changeSignal(),
      settle: (key, value) => store.settle(key, value),
      setting: (key) => store.setting(key),
      close: () => store.close(),
    },
  };
}

/** Every stored link code, by hash (the `expiry` index holds them all). */
export async function linkCodes(store: Store): Promise<Record<string, { readonly accountId: string }>> {
  const { items } = await store.view((view) => view.page('slackLinkCodes', 'expiry', { key: ALL, limit: 1000 }));
  return Object.fromEntries(items.map((pending) => [pending.hash, pending]));
}

/** The account ids of every Slack link (the `all` index holds them all). */
export async function linkedAccountIds(store: Store): Promise<string[]> {
  const { items } = await store.view((view) => view.page('slackLinks', 'all', { key: ALL, limit: 1000 }));
  return items.map((link) => link.accountId);
}
