import { join } from 'node:path';
import type { CoreContext } from './context.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { cryptoRandom, type Random } from './shared/random.ts';
import { argon2Hasher, type PasswordHasher } from './crypto/password-hasher.ts';
import { createSecretBox, createSecretKey, parseSecretKey, readSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE, secretKeyFileOf, type SecretBox } from './crypto/secret-box.ts';
import { openSecretKey, restoreInDataDir, type KeySource } from './crypto/store-key.ts';

import { ConfigError } from './config-error.ts';
import { KEY_CHECK } from './store/settings.ts';
import { PostgresStore } from './store/postgres/postgres-store.ts';
import { FileStore, ensurePrivateDir } from './store/file-store.ts';
import type { CloseOptions, Store } from './store/store.ts';
import { createAccountsService } from './accounts/service.ts';
import { createMfaService } from './mfa/service.ts';
import { createProjectsService } from './projects/service.ts';
import { createInvitationsService } from './invitations/service.ts';
import { createJoinRequestsService } from './join-requests/service.ts';
import { createTokensService } from './tokens/service.ts';
import { createNotificationsService } from './notifications/service.ts';
import { createPromoService } from './promo/service.ts';
import { createSlackLinkService } from './slack-link/service.ts';
import { createOutboxService } from './outbox/service.ts';
import { createSessionsService } from './sessions/service.ts';
import { createPreferencesService } from './preferences/service.ts';
import { createSlackEventsService } from './slack-events/service.ts';
import { createAccountScope, type ScopeOptions } from './account-scope.ts';
import { findByNumericId, type NumberedCollection } from './store/sequences.ts';
import { createPeriodicJobs } from './periodic/scheduler.ts';
import { coreJobs } from './periodic/jobs.ts';

/** The store's file name inside a data directory. */
export const STORE_FILE = 'kbc-account.json';

export interface CoreDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly hasher?: PasswordHasher;
  /** The store was created just now (see OpenedStore.created). @default false */
  readonly created?: boolean;
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
  const services = {
    accounts: createAccountsService(ctx),
    mfa: createMfaService(ctx),
    projects: createProjectsService(ctx),
    invitations: createInvitationsService(ctx),
    joinRequests: createJoinRequestsService(ctx),
    tokens: createTokensService(ctx),
    notifications: createNotificationsService(ctx),
    promo: createPromoService(ctx),
    slackLink: createSlackLinkService(ctx),
    sessions: createSessionsService(ctx),
    preferences: createPreferencesService(ctx),
  };
  const periodic = createPeriodicJobs(coreJobs(services));
  return {
    clock: ctx.clock,
    ...services,
    /**
     * The periodic jobs (token expiry reminders; membership reminders and ends): every
     * long-running process (Slack app, API server, SSH server, dashboard) holds them while it
     * runs, so they run in any installation, wherever the product runs (see periodic/scheduler.ts).
     */
    periodic: { runDue: periodic.runDue, hold: periodic.hold },
    outbox: createOutboxService(ctx),
    slackEvents: createSlackEventsService(ctx),
    /**
     * What the signed-in user of the session `token` may do: each call checks the session first
     * (see account-scope.ts). Front ends act for a signed-in user only through this.
     */
    signedIn: (token: string, options?: ScopeOptions) => createAccountScope(services, token, options),
    /**
     * The internal id of the entry of `collection` a client names by `numericId` (one indexed
     * read), or null when there is none. Says nothing about who may see it: the service called
     * with the id checks that.
     */
    async idOfNumeric(collection: NumberedCollection, numericId: number): Promise<string | null> {
      return (await ctx.store.view((view) => findByNumericId(view, collection, numericId)))?.id ?? null;
    },
    /**
     * Resolves when the store answers a read (PostgreSQL: a query on the pool; the file store: its
     * files), rejects with the store's error otherwise: for health checks.
     */
    async checkStore(): Promise<void> {
      await ctx.store.setting(KEY_CHECK);
    },
    /** Where the data lives, for messages. */
    location: ctx.store.location,
    /** True when opening the core created its data directory: a new, empty store (a mistyped `--data` shows here). */
    created: deps.created ?? false,
    /** Releases the store (connections, listeners); the core must not be used after. See Store.close for `exiting`. */
    async close(options?: CloseOptions): Promise<void> {
      await periodic.stop();
      await ctx.store.close(options);
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

/** What openStore opened. */
export interface OpenedStore {
  readonly store: Store;
  readonly secrets: SecretBox;
  /** True when the data directory did not exist and was created: a new, empty store. */
  readonly created: boolean;
}

/**
 * Opens the store and the secret key an installation uses: PostgreSQL when `databaseUrl` is
 * given (the key must then come from KBC_ACCOUNT_SECRET_KEY: there is no data directory to keep
 * a key file in, and every replica must share it), else the data directory (created 0700 when
 * missing) with its store file and key file. Either way the key is checked against the one the
 * store records (openSecretKey): a missing or another key is refused, and a new key is made only
 * for a store with nothing sealed in it. StoreError when the store is unusable, ConfigError when
 * the data directory or the key is.
 */
export async function openStore(options: Pick<OpenCoreOptions, 'dataDir' | 'databaseUrl' | 'env'>): Promise<OpenedStore> {
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
    const source: KeySource = {
      read: async () => secretKey,
      create: async () => secretKey,
      label: SECRET_KEY_ENV,
      restore: `every process on the database must use the key it was first used with: set ${SECRET_KEY_ENV} to that key`,
    };
    return { store, secrets: createSecretBox(await closingOnError(store, () => openSecretKey(store, source))), created: false };
  }
  const { dataDir } = options;
  const created = await ensurePrivateDir(dataDir, [STORE_FILE, SECRET_KEY_FILE]);
  const store = await FileStore.open(join(dataDir, STORE_FILE));
  const source: KeySource = {
    read: () => readSecretKey(dataDir, env),
    create: () => createSecretKey(dataDir),
    label: env[SECRET_KEY_ENV] ? SECRET_KEY_ENV : secretKeyFileOf(dataDir),
    restore: restoreInDataDir(dataDir),
  };
  return { store, secrets: createSecretBox(await closingOnError(store, () => openSecretKey(store, source))), created };
}

async function closingOnError<T>(store: Store, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Opens the core on the store `options` name (see openStore). */
export async function openCore(options: OpenCoreOptions): Promise<Core> {
  const { store, secrets, created } = await openStore(options);
  return createCore({
    store,
    secrets,
    created,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
}
