import { createCore, createSecretBox, fastTestHasher, FakeClock, type Core } from '../../../src/core/index.ts';
import type { Store, StoreTransaction, StoreView } from '../../../src/core/store/store.ts';
import { TEST_SECRET_KEY, testStore } from '../../support/core.ts';

/** A test store (see testStore) that counts views and transactions, so tests see when the store is touched. */
export class CountingStore implements Store {
  readonly location = 'counting test store';
  views = 0;
  transactions = 0;
  private readonly inner = testStore();

  view<T>(work: (view: StoreView) => Promise<T>): Promise<T> {
    this.views++;
    return this.inner.view(work);
  }

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    this.transactions++;
    return this.inner.transact(work);
  }

  changeSignal(): Promise<string> {
    return this.inner.changeSignal();
  }

  settle(key: string, value: string): Promise<string> {
    return this.inner.settle(key, value);
  }

  setting(key: string): Promise<string | null> {
    return this.inner.setting(key);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Like testCore(), on a CountingStore. */
export function countingCore(start?: string): { core: Core; clock: FakeClock; store: CountingStore } {
  const clock = new FakeClock(start);
  const store = new CountingStore();
  const core = createCore({ store, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
  return { core, clock, store };
}
