/**
 * A child process for the store's multi-process tests (run through `node --import tsx`).
 *
 *   store-worker.ts add FILE|DATABASE_URL WORKER COUNT
 *     opens FileStore on FILE (or PostgresStore on a migrated database) and runs COUNT transactions (0: until killed), each adding the
 *     project `{WORKER}-{i}`; prints `committed {WORKER}-{i}` after each resolved transaction,
 *     then `done`.
 *   store-worker.ts write-fail FILE
 *     meant to run under `ulimit -f`: a transaction too big for the limit must fail with
 *     STORE_WRITE_FAILED and leave the data intact; prints one JSON line with what it saw.
 */
import { FileStore } from '../../src/core/store/file-store.ts';
import { PostgresStore } from '../../src/core/store/postgres/postgres-store.ts';
import { StoreError } from '../../src/core/store/store-error.ts';
import { addProject, projectIds, projectRecord } from '../core/store/support.ts';

/** Big enough to exceed any `ulimit -f` the tests use (a few hundred KiB). */
const OVERSIZED_NAME_CHARS = 4 * 1024 * 1024;

async function add(file: string, worker: string, count: number): Promise<void> {
  const store = /^postgres(ql)?:\/\//.test(file) ? await PostgresStore.open(file) : await FileStore.open(file);
  for (let i = 0; count === 0 || i < count; i++) {
    const id = `${worker}-${i}`;
    await addProject(store, id);
    process.stdout.write(`committed ${id}\n`);
  }
  process.stdout.write('done\n');
  await store.close();
}

async function writeFail(file: string): Promise<void> {
  // With the default action SIGXFSZ kills the process; handled, the write fails with EFBIG.
  process.on('SIGXFSZ', () => undefined);
  const store = await FileStore.open(file);
  const beforeIds = await projectIds(store);

  // Poll reads while the oversized write is in flight: none may show the uncommitted record.
  let writing = true;
  let dirtyReads = 0;
  const poll = (async () => {
    while (writing) {
      if ((await store.view((view) => view.get('projects', 'big'))) !== null) dirtyReads++;
      // A read of an unchanged store needs no I/O round trip: yield, or the write never gets a turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  let failure: { code: string; message: string } | null = null;
  try {
    await store.transact(async (tx) => {
      tx.put('projects', 'big', projectRecord('big', 'x'.repeat(OVERSIZED_NAME_CHARS)));
    });
  } catch (error) {
    failure = { code: error instanceof StoreError ? error.code : `not a StoreError: ${String(error)}`, message: (error as Error).message };
  }
  writing = false;
  await poll;

  const afterFailure = await projectIds(store);
  await addProject(store, 'small');
  const afterRetry = await projectIds(store);
  process.stdout.write(`${JSON.stringify({ beforeIds, failure, dirtyReads, afterFailure, afterRetry })}\n`);
}

const [mode, file, ...rest] = process.argv.slice(2);
if (!file) throw new Error('usage: store-worker.ts add|write-fail FILE …');
if (mode === 'add') await add(file, rest[0] ?? 'w', Number(rest[1] ?? 100));
else if (mode === 'write-fail') await writeFail(file);
else throw new Error(`unknown mode ${mode}`);
