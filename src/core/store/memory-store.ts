import { documentSchema, emptyDocument, type Document } from './schema.ts';
import { createDraft } from './draft.ts';
import { assertSynchronous, type Snapshot, type Store } from './store.ts';

/** The in-memory twin of FileStore, with the same copy-validate-commit semantics. */
export class MemoryStore implements Store {
  readonly location = 'memory';
  private doc: Document;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(initial: Document = emptyDocument()) {
    this.doc = documentSchema.parse(initial);
  }

  async read(): Promise<Snapshot> {
    return this.doc;
  }

  transact<T>(change: (doc: Document) => T): Promise<T> {
    const run = this.queue.then(() => {
      const draft = createDraft(this.doc);
      const result = assertSynchronous(change(draft.doc));
      this.doc = draft.commit();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
