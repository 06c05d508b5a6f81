import { readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../src/core/store/atomic-write.ts';
import { FileStore } from '../src/core/store/file-store.ts';
import { documentSchema } from '../src/core/store/schema.ts';
import { accountIdOf, notificationIdOf, PROPORTIONS } from './seed.ts';
import { sleep, type BenchCore } from './bench-core.ts';
import { interleave, Measured, medianSync, type Comparison } from './stats.ts';

/** What one JSON document costs at this N, each a median in ms (bytes in bytes). */
export interface DocumentCosts {
  readonly bytes: number;
  readonly parseMs: number;
  readonly validateMs: number;
  readonly stringifyMs: number;
  readonly cloneMs: number;
  readonly openMs: number;
}

export interface StoreResult {
  /** markRead on the FileStore vs JSON.stringify + writeFileAtomically of the same document. */
  readonly mutation: Comparison;
  /** unreadCount on an unchanged store vs fs.stat of its file. */
  readonly read: Comparison;
  /** FileStore.open of the data (a new process's first read) vs reading and JSON.parse of the same files. */
  readonly open: Comparison;
  readonly document: DocumentCosts;
}

/** Past this the racy window of the store is over and an unchanged file is trusted by its stat. */
const SETTLE_MS = 3_100;

/**
 * Yields (account, notification) pairs that are unread, visible and distinct, so every markRead
 * really writes: odd accounts never pressed "mark all read", and broadcasts (t % 10 < 7) they
 * have not read are visible to them.
 */
export function* unreadPairs(accounts: number, notifications: number): Generator<{ accountId: string; notificationId: string }> {
  for (let i = 1; i < accounts; i += 2) {
    const read = new Set(Array.from({ length: PROPORTIONS.readEntriesPerAccount }, (_, k) => (i + k * 3) % notifications));
    for (let t = 0; t < notifications; t++) {
      if (t % 10 < 7 && !read.has(t)) {
        yield { accountId: accountIdOf(i), notificationId: notificationIdOf(t) };
        break;
      }
    }
  }
}

export async function benchStore(bench: BenchCore, accounts: number, budgetMs: number): Promise<StoreResult> {
  const { core, file } = bench;
  // The whole document as a new process loads it: what the floor below serialises and writes.
  const doc = await FileStore.load(file);
  if (!doc) throw new Error(`no store at ${file}`);
  const pairs = unreadPairs(accounts, Object.keys(doc.notifications).length);
  const floorFile = join(file, '..', 'floor.json');

  const big = accounts >= 20_000;
  const mutation = await interleave({
    subject: async () => {
      const next = pairs.next();
      if (next.done) throw new Error('ran out of unread notifications to mark');
      await core.notifications.markRead(next.value.accountId, next.value.notificationId);
    },
    // The floor: the same document serialised and written with the store's own atomic write
    // (temp file, full write checked, fsync, rename, directory fsync), with no lock, no read-back, no validation.
    // Loaded once above: the read entries markRead adds meanwhile change its size by a few bytes each.
    baseline: async () => {
      const started = performance.now();
      await writeFileAtomically(floorFile, JSON.stringify(doc), 0o600);
      return new Measured(performance.now() - started);
    },
    warmup: big ? 1 : 3,
    minPairs: big ? 4 : 10,
    maxPairs: Math.floor(accounts / 2) - 10,
    budgetMs,
  });
  await unlink(floorFile).catch(() => undefined);

  // A read of an unchanged store: once the racy window passed, the store trusts the file's stat.
  await sleep(SETTLE_MS);
  const reader = accountIdOf(1);
  const read = await interleave({
    subject: () => core.notifications.unreadCount(reader),
    baseline: () => stat(file),
    warmup: 20,
    minPairs: 200,
    maxPairs: 2_000,
    budgetMs: 1_500,
  });

  // Opening: what every CLI command, dashboard and Slack start pays. The floor reads the same two
  // files and parses them (the store file whole, the journal line by line), and does nothing else.
  const open = await interleave({
    subject: async () => {
      const started = performance.now();
      const opened = await FileStore.open(file);
      const elapsed = performance.now() - started;
      await opened.close();
      return new Measured(elapsed);
    },
    baseline: async () => {
      const started = performance.now();
      const [storeText, journalText] = await Promise.all([readFile(file, 'utf8'), readFile(`${file}.journal`, 'utf8')]);
      JSON.parse(storeText);
      for (const line of journalText.split('\n')) if (line) JSON.parse(line);
      return new Measured(performance.now() - started);
    },
    warmup: 1,
    minPairs: big ? 3 : 6,
    maxPairs: big ? 6 : 30,
    budgetMs: big ? 20_000 : 5_000,
  });

  const text = await readFile(file, 'utf8');
  const reps = big ? 2 : 5;
  let raw: unknown = null;
  const parseMs = medianSync(reps, () => {
    raw = JSON.parse(text);
  });
  const validateMs = medianSync(reps, () => documentSchema.safeParse(raw));
  const stringifyMs = medianSync(reps, () => JSON.stringify(raw));
  const cloneMs = medianSync(reps, () => structuredClone(raw));
  return {
    mutation,
    read,
    open,
    document: { bytes: Buffer.byteLength(text, 'utf8'), parseMs, validateMs, stringifyMs, cloneMs, openMs: bench.openMs },
  };
}
