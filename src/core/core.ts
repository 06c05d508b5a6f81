import { join } from 'node:path';
import type { CoreContext } from './context.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { cryptoRandom, type Random } from './shared/random.ts';
import { argon2Hasher, type PasswordHasher } from './crypto/password-hasher.ts';
import { createSecretBox, keyCheckOf, loadSecretKey, parseSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE, type SecretBox } from './crypto/secret-box.ts';

import { ConfigError } from './config-error.ts';
import { PostgresStore } from './store/postgres/postgres-store.ts';
import { KEY_CHECK } from './store/settings.ts';
import { FileStore, ensurePrivateDir } from './store/file-store.ts';
import type { Store } from './store/store.ts';
import { createAccountsService } from './accounts/service.ts';
import { createMfaService } from './mfa/service.ts';
import { createProjectsService } from './projects/service.ts';
import { createInvitationsService } from './invitations/service.ts';
import { createTokensService } from './tokens/service.ts';
import { createNotificationsService } from './notifications/service.ts';
import { createPromoService } from './promo/service.ts';
import { createSlackLinkService } from './slack-link/service.ts';
import { createOutboxService } from './outbox/service.ts';

/** The store's file name inside a data directory. */
export const STORE_FILE = 'kbc-account.json';

export interface CoreDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly hasher?: PasswordHasher;
}

/** The composition root: every front end drives the product through this object. */
export function createCore(deps: CoreDeps) {
  const ctx: CoreContext = {
    store: deps.store,
    secrets: deps.secrets,
    clock: deps.clock ?? systemClock,
    random: deps.random ?? cryptoRandom,
    hasher: deps.hasher ?? argon2Hasher(),
  };
  return {
    clock: ctx.clock,
    accounts: createAccountsService(ctx),
    mfa: createMfaService(ctx),
    projects: createProjectsService(ctx),
    invitations: createInvitationsService(ctx),
    tokens: createTokensService(ctx),
    notifications: createNotificationsService(ctx),
    promo: createPromoService(ctx),
    slackLink: createSlackLinkService(ctx),
    outbox: createOutboxService(ctx),
    /** Where the data lives, for messages. */
    location: ctx.store.location,
    /** Releases the store (connections, listeners); the core must not be used after. */
    async close(): Promise<void> {
      await ctx.store.close();
    },
    /** A cheap token that changes whenever any process changed the data: for polling front ends. */
    async version(): Promise<string> {
      return ctx.store.changeSignal();
    },
  };
}

export type Core = ReturnType<typeof createCore>;

export interface OpenCoreOptions {
  /** The data directory of the JSON store (the default). */
  readonly dataDir: string;
  /** A PostgreSQL URL: the store is that database instead of the data directory. */
  readonly databaseUrl?: string | undefined;
  readonly clock?: Clock;
  readonly hasher?: PasswordHasher;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Opens the store and the secret key an installation uses: PostgreSQL when `databaseUrl` is
 * given (the key must then come from KBC_ACCOUNT_SECRET_KEY: there is no data directory to keep
 * a key file in, and every replica must share it), else the data directory (created 0700 when
 * missing) with its store file and key file. StoreError when the store is unusable, ConfigError
 * when the key is missing or malformed.
 */
export async function openStore(options: Pick<OpenCoreOptions, 'dataDir' | 'databaseUrl' | 'env'>): Promise<{ store: Store; secrets: SecretBox }> {
  const env = options.env ?? process.env;
  if (options.databaseUrl) {
    const key = env[SECRET_KEY_ENV];
    if (!key) {
      throw new ConfigError(
        `${SECRET_KEY_ENV} must be set when the store is PostgreSQL (64 hex characters, the same for every process on the database; \`openssl rand -hex 32\` makes one)`,
      );
    }
    const secretKey = parseSecretKey(key);
    const store = await PostgresStore.open(options.databaseUrl);
    // Every process on the database must hold the key its secrets were sealed with: the first one recorded it.
    const check = keyCheckOf(secretKey);
    if ((await store.settle(KEY_CHECK, check)) !== check) {
      await store.close();
      throw new ConfigError(
        `${SECRET_KEY_ENV} is not the key of ${store.location}: its MFA secrets and codes were sealed with another one. Every process on the database must use the same key`,
      );
    }
    return { store, secrets: createSecretBox(secretKey) };
  }
  await ensurePrivateDir(options.dataDir, [STORE_FILE, SECRET_KEY_FILE]);
  const store = await FileStore.open(join(options.dataDir, STORE_FILE));
  return { store, secrets: createSecretBox(await loadSecretKey(options.dataDir, env)) };
}

/** Opens the core on the store `options` name (see openStore). */
export async function openCore(options: OpenCoreOptions): Promise<Core> {
  const { store, secrets } = await openStore(options);
  return createCore({
    store,
    secrets,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
}
