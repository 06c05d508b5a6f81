import { join } from 'node:path';
import { createCore, STORE_FILE, type Core } from '../src/core/core.ts';
import { argon2Hasher } from '../src/core/crypto/password-hasher.ts';
import { createSecretBox, parseSecretKey } from '../src/core/crypto/secret-box.ts';
import { FileStore } from '../src/core/store/file-store.ts';
import type { Store } from '../src/core/store/store.ts';
import { BENCH_SECRET_KEY_HEX } from './seed.ts';

export interface BenchCore {
  readonly core: Core;
  readonly store: Store;
  /** The store file, or the database URL. */
  readonly file: string;
  /** How long opening the store took (ms): FileStore.open reads the whole file. */
  readonly openMs: number;
}

/**
 * The core on a seeded data directory, wired as openCore wires it (real FileStore, system clock,
 * real argon2 hasher), but keeping the store at hand so the bench can read entries through the port.
 */
export async function openBenchCore(dataDir: string): Promise<BenchCore> {
  const file = join(dataDir, STORE_FILE);
  const started = performance.now();
  const store = await FileStore.open(file);
  const openMs = performance.now() - started;
  const core = createCore({ store, secrets: createSecretBox(parseSecretKey(BENCH_SECRET_KEY_HEX)), hasher: argon2Hasher() });
  return { core, store, file, openMs };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
