import { ConfigError } from '../config-error.ts';
import { ALL } from '../store/indexes.ts';
import { KEY_CHECK } from '../store/settings.ts';
import type { Account } from '../store/schema.ts';
import { PAGE_LIMIT_MAX, type DeepReadonly, type Page, type Store } from '../store/store.ts';
import { createSecretBox, keyCheckOf, keyFingerprint, SECRET_KEY_ENV, SECRET_KEY_FILE } from './secret-box.ts';

/** Where an installation's key comes from, as openSecretKey needs it. */
export interface KeySource {
  /** The key as configured; null when there is none (no variable, no key file). */
  read(): Promise<Buffer | null>;
  /** Makes a new key; only called for a store that holds nothing sealed. */
  create(): Promise<Buffer>;
  /** Where the key is or would be, for messages: the key file's path, or the variable's name. */
  readonly label: string;
  /** How to put the right key back, for messages. */
  readonly restore: string;
}

/** The restore advice for a data directory's store. */
export const restoreInDataDir = (dataDir: string): string =>
  `restore ${SECRET_KEY_FILE} into ${dataDir} (mode 0600) from the backup taken with the store, or set ${SECRET_KEY_ENV} to that key`;

/**
 * The secret key of the store, checked against the check value recorded in it (KEY_CHECK), so a
 * lost or replaced key is refused at start instead of failing later: a key that does not open the
 * stored secrets would turn every MFA code into a configuration failure, and every recovery code
 * into a wrong code counted toward the lockout. A new key is made only for a store that holds
 * nothing sealed and records no key; the first process to use a store records its key.
 *
 * A store from before the check was recorded: its key is proven on one sealed MFA secret, when it
 * has one, before its check is recorded; without a key it is refused when it holds MFA secrets.
 * That look runs once per store (a page of accounts at a time), since afterwards the check is there.
 */
export async function openSecretKey(store: Store, source: KeySource): Promise<Buffer> {
  const recorded = await store.setting(KEY_CHECK);
  let key = await source.read();
  if (key === null) {
    if (recorded !== null) throw keyMissing(store, source, recorded);
    if ((await firstSealedSecret(store)) !== null) throw keyMissing(store, source, null);
    key = await source.create();
  } else if (recorded === null) {
    const sealed = await firstSealedSecret(store);
    if (sealed !== null) assertOpens(key, sealed, store, source);
  }
  const check = keyCheckOf(key);
  // Recorded already (every start but the first): nothing to settle.
  const settled = recorded ?? (await store.settle(KEY_CHECK, check));
  if (settled !== check) throw wrongKey(store, source, check, settled);
  return key;
}

function keyMissing(store: Store, source: KeySource, recorded: string | null): ConfigError {
  const sealed =
    recorded === null
      ? `${store.location} holds MFA secrets sealed with its key`
      : `${store.location} is sealed with the key with fingerprint ${keyFingerprint(recorded)}`;
  return new ConfigError(
    `no secret key: ${source.label} is missing, and ${sealed}; a new key would leave its MFA secrets and codes unusable, so none was made: ${source.restore}`,
  );
}

function wrongKey(store: Store, source: KeySource, check: string, expected: string): ConfigError {
  return new ConfigError(
    `wrong secret key: ${source.label} (fingerprint ${keyFingerprint(check)}) is not the key of ${store.location}, whose secrets were sealed with the key with fingerprint ${keyFingerprint(expected)}: ${source.restore}`,
  );
}

function assertOpens(key: Buffer, sealed: string, store: Store, source: KeySource): void {
  try {
    createSecretBox(key).open(sealed);
  } catch {
    throw new ConfigError(`wrong secret key: ${source.label} does not open the MFA secrets in ${store.location}: ${source.restore}`);
  }
}

/** A sealed MFA secret (active or being enrolled) of any account; null when no account has one. */
async function firstSealedSecret(store: Store): Promise<string | null> {
  return store.view(async (view) => {
    let after: string | null = null;
    do {
      const page: Page<DeepReadonly<Account>> = await view.page('accounts', 'all', { key: ALL, limit: PAGE_LIMIT_MAX, after });
      for (const account of page.items) {
        const sealed = account.mfa.secret ?? account.mfa.pending?.secret ?? null;
        if (sealed !== null) return sealed;
      }
      after = page.next;
    } while (after !== null);
    return null;
  });
}
