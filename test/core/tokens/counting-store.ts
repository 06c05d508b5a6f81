import { createCore, createSecretBox, fastTestHasher, FakeClock, MemoryStore, type Core } from '../../../src/core/index.ts';
import type { Document } from '../../../src/core/store/schema.ts';
import type { Snapshot, Store } from '../../../src/core/store/store.ts';
import { TEST_SECRET_KEY } from '../../support/core.ts';

/** A MemoryStore that counts reads and transactions, so tests see when the store is touched. */
export class CountingStore implements Store {
  readonly location = 'counting memory';
  reads = 0;
  transactions = 0;
  private readonly inner = new MemoryStore();

  read(): Promise<Snapshot> {
    this.reads++;
    return this.inner.read();
  }

  transact<T>(change: (doc: Document) => T): Promise<T> {
    this.transactions++;
    return this.inner.transact(change);
  }
}

/** Like testCore(), on a CountingStore. */
export function countingCore(start?: string): { core: Core; clock: FakeClock; store: CountingStore } {
  const clock = new FakeClock(start);
  const store = new CountingStore();
  const core = createCore({ store, clock, hasher: fastTestHasher(), secrets: createSecretBox(TEST_SECRET_KEY) });
  return { core, clock, store };
}
