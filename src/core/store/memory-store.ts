import { documentSchema, emptyDocument, type Document } from './schema.ts';
import { createDraft } from './draft.ts';
import { adoptCollections, applyChanges } from './changes.ts';
import { assertSynchronous, type Snapshot, type Store } from './store.ts';

/** The in-memory twin of FileStore, with the same draft-validate-apply semantics. */
export class MemoryStore implements Store {
  readonly location = 'memory';
  private readonly doc: Document;
  private snapshot: Snapshot;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(initial: Document = emptyDocument()) {
    this.doc = documentSchema.parse(initial);
    adoptCollections(this.doc);
    this.snapshot = { ...this.doc };
  }

  async read(): Promise<Snapshot> {
    return this.snapshot;
  }

  transact<T>(change: (doc: Document) => T): Promise<T> {
    const run = this.queue.then(() => {
      const draft = createDraft(this.doc);
      const result = assertSynchronous(change(draft.doc));
      const changes = draft.commit();
      if (changes.length > 0) {
        applyChanges(this.doc, changes);
        this.snapshot = { ...this.doc };
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
