import { documentSchema, emptyDocument, type Document } from './schema.ts';
import { createDraft } from './draft.ts';
import { adoptCollections, applyChanges } from './changes.ts';
import { documentView, draftTransaction } from './document-access.ts';
import { settingInMeta, settleInMeta } from './settings.ts';
import type { DeepReadonly, Store, StoreTransaction, StoreView } from './store.ts';

/** The in-memory twin of FileStore, with the same draft-validate-apply semantics: for tests. */
export class MemoryStore implements Store {
  readonly location = 'memory';
  private readonly doc: Document;
  private revision = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(initial: Document = emptyDocument()) {
    this.doc = documentSchema.parse(initial);
    adoptCollections(this.doc);
  }

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const draft = createDraft(this.doc);
      const tx = draftTransaction(draft.doc);
      const result = await work(tx);
      const changes = draft.commit();
      tx.checkUnique(changes);
      if (changes.length > 0) {
        applyChanges(this.doc, changes);
        this.revision++;
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async view<T>(work: (view: StoreView) => Promise<T>): Promise<T> {
    return work(documentView(this.doc as DeepReadonly<Document>));
  }

  async changeSignal(): Promise<string> {
    return String(this.revision);
  }

  settle(key: string, value: string): Promise<string> {
    return settleInMeta(this, key, value);
  }

  setting(key: string): Promise<string | null> {
    return settingInMeta(this, key);
  }

  async close(): Promise<void> {}

  /** Everything stored, for tests that check that nothing changed or that a secret is nowhere. */
  dump(): DeepReadonly<Document> {
    return this.doc;
  }
}
