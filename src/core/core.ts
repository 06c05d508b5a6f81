import { join } from 'node:path';
import type { CoreContext } from './context.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { cryptoRandom, type Random } from './shared/random.ts';
import { argon2Hasher, type PasswordHasher } from './crypto/password-hasher.ts';
import { createSecretBox, loadSecretKey, SECRET_KEY_FILE, type SecretBox } from './crypto/secret-box.ts';
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
    /** A cheap token that changes whenever any process changed the data: for polling front ends. */
    async version(): Promise<unknown> {
      return ctx.store.read();
    },
  };
}

export type Core = ReturnType<typeof createCore>;

export interface OpenCoreOptions {
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly hasher?: PasswordHasher;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Opens the core on a data directory: creates it 0700 when missing, opens (or creates) the store
 * file and loads the secret key. Throws StoreError when the store file is unusable.
 */
export async function openCore(options: OpenCoreOptions): Promise<Core> {
  await ensurePrivateDir(options.dataDir, [STORE_FILE, SECRET_KEY_FILE]);
  const store = await FileStore.open(join(options.dataDir, STORE_FILE));
  const secrets = createSecretBox(await loadSecretKey(options.dataDir, options.env));
  return createCore({
    store,
    secrets,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
}
