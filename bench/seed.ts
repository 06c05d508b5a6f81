import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STORE_FILE } from '../src/core/core.ts';
import { SECRET_KEY_FILE } from '../src/core/crypto/secret-box.ts';
import { encodeHeader, journalFileOf, newJournalId } from '../src/core/store/journal.ts';
import { encodeStoreFile } from '../src/core/store/parse-document.ts';
import { documentSchema, emptyDocument, SCHEMA_VERSION, type Document, type Notification, type Role } from '../src/core/store/schema.ts';
import type { CollectionKey, Entry } from '../src/core/store/store.ts';
import { MS_PER_DAY, MS_PER_MINUTE } from '../src/core/shared/time.ts';

/** A fixed 32-byte key (hex) so every seeded directory opens without generating one. */
export const BENCH_SECRET_KEY_HEX = '07'.repeat(32);
/** The password of every seeded account. */
export const BENCH_PASSWORD = 'correct horse battery staple';
/** The Slack workspace every linked seeded account belongs to. */
export const BENCH_TEAM_ID = 'T0BENCH';

/** How much of each collection a seeded store holds, per account (proportions, not absolute counts). */
export const PROPORTIONS = {
  accountsPerProject: 5,
  invitationsPerAccount: 0.5,
  tokensPerAccount: 1,
  notificationsPerAccount: 0.1,
  securityEventsPerAccount: 3,
  readEntriesPerAccount: 3,
  slackLinkedShare: 0.1,
} as const;

export interface SeedOptions {
  readonly accounts: number;
  /** Overrides the proportional notification count (the dashboard list bench wants exactly 10 or 1,000). */
  readonly notifications?: number;
  /** Every notification goes to everyone (the dashboard list bench wants one account to see them all). */
  readonly broadcastOnly?: boolean;
  /** Seeded times lie before this instant (ms). */
  readonly nowMs: number;
}

export interface SeedInfo {
  readonly dir: string;
  readonly file: string;
  readonly bytes: number;
  readonly counts: Record<string, number>;
  /** Ids of account 0 (email user0@example.com, linked to Slack as U0000000). */
  readonly firstAccountId: string;
}

/** Deterministic ids: valid for the schema, unique per prefix, sortable. */
const idOf = (prefix: string, n: number) => `${prefix}_${n.toString(36).padStart(12, '0')}`;
export const accountIdOf = (n: number) => idOf('acc', n);
export const notificationIdOf = (n: number) => idOf('ntf', n);
export const emailOf = (n: number) => `user${n}@example.com`;
export const slackUserIdOf = (n: number) => `U${n.toString().padStart(7, '0')}`;
export const projectIdOf = (n: number) => idOf('prj', n);
/** How many projects a store of `accounts` accounts holds. */
export const projectCountOf = (accounts: number) => Math.max(1, Math.floor(accounts / PROPORTIONS.accountsPerProject));
/** How many notifications a seeded store holds. */
export const notificationCountOf = (options: SeedOptions) => options.notifications ?? Math.max(1, Math.floor(options.accounts * PROPORTIONS.notificationsPerAccount));

const ROLES: readonly Role[] = ['admin', 'guest', 'readOnly', 'share'];

/** One seeded entry, as a store files it. */
export interface SeedEntry<C extends CollectionKey = CollectionKey> {
  readonly collection: C;
  readonly id: string;
  readonly entry: Entry<C>;
}

/**
 * The entries of a store of `accounts` accounts with proportional projects, invitations, tokens,
 * notifications, read states, security events and Slack links, directly in the schema's shapes
 * (no services: hashing a million passwords would take days), one at a time so that a million
 * accounts never sit in memory at once. Every account shares `passwordHash`, one real argon2id
 * hash of BENCH_PASSWORD.
 */
export function* seedEntries(options: SeedOptions, passwordHash: string): Generator<SeedEntry> {
  const { accounts: n, nowMs } = options;
  const at = (msAgo: number) => new Date(nowMs - msAgo).toISOString();
  const put = <C extends CollectionKey>(collection: C, id: string, entry: Entry<C>): SeedEntry => ({ collection, id, entry }) as SeedEntry;

  for (let i = 0; i < n; i++) {
    const id = accountIdOf(i);
    const created = at(60 * MS_PER_DAY - i);
    yield put('accounts', id, {
      id,
      numericId: i + 1,
      email: emailOf(i),
      name: `User ${i}`,
      passwordHash,
      createdAt: created,
      passwordChangedAt: created,
      failedLogins: [],
      lockedUntil: null,
      mfa: { enabled: false, secret: null, enabledAt: null, lastUsedStep: null, recoveryCodes: [], pending: null },
    });
    yield put(
      'securityEvents',
      id,
      Array.from({ length: PROPORTIONS.securityEventsPerAccount }, (_, k) => ({
        id: idOf('evt', i * PROPORTIONS.securityEventsPerAccount + k),
        type: k === 0 ? 'account.created' : 'login.succeeded',
        at: at((30 - k) * MS_PER_DAY),
        details: (k === 0 ? {} : { via: 'dashboard' }) as Record<string, string>,
      })) as Entry<'securityEvents'>,
    );
    for (let k = 0; k < PROPORTIONS.tokensPerAccount; k++) {
      const tokenId = idOf('tok', i * PROPORTIONS.tokensPerAccount + k);
      yield put('tokens', tokenId, {
        id: tokenId,
        numericId: i * PROPORTIONS.tokensPerAccount + k + 1,
        accountId: id,
        description: `CI token ${k}`,
        hash: createHashLike(i, k),
        hint: (i % 10_000).toString().padStart(4, '0'),
        createdAt: at(10 * MS_PER_DAY),
        expiresAt: new Date(nowMs + 80 * MS_PER_DAY).toISOString(),
        lastUsedAt: null,
        remindersSent: [],
      });
    }
  }

  const projects = projectCountOf(n);
  for (let p = 0; p < projects; p++) {
    const id = projectIdOf(p);
    const members: Entry<'projects'>['members'] = {};
    for (let k = 0; k < PROPORTIONS.accountsPerProject; k++) {
      const member = p * PROPORTIONS.accountsPerProject + k;
      if (member < n) members[accountIdOf(member)] = { role: ROLES[k % ROLES.length]!, joinedAt: at(50 * MS_PER_DAY) };
    }
    yield put('projects', id, {
      id,
      numericId: p + 1,
      name: `Project ${p}`,
      createdAt: at(50 * MS_PER_DAY),
      expiresAt: null,
      limits: { storage_gb: 100, users: 10 },
      usage: { storage_gb: { value: 12.5, recordedAt: at(MS_PER_DAY) } },
      breachedMetrics: [],
      members,
      origin: { type: 'operator' },
    });
  }

  const invitations = Math.floor(n * PROPORTIONS.invitationsPerAccount);
  for (let v = 0; v < invitations; v++) {
    const id = idOf('inv', v);
    const pending = v % 2 === 0;
    yield put('invitations', id, {
      id,
      numericId: v + 1,
      email: emailOf((v * 7) % n),
      projectId: projectIdOf(v % projects),
      role: 'guest',
      reason: v % 3 === 0 ? 'Quarterly reporting' : null,
      invitedBy: { type: 'operator', id: 'operator', label: 'operator' },
      createdAt: at(2 * MS_PER_DAY),
      expiresAt: new Date(nowMs + 5 * MS_PER_DAY).toISOString(),
      status: pending ? 'pending' : 'accepted',
      answeredAt: pending ? null : at(MS_PER_DAY),
    });
  }

  const notifications = notificationCountOf(options);
  for (let t = 0; t < notifications; t++) {
    const id = notificationIdOf(t);
    // Mostly broadcasts (what an operator sends), some project notices, a few addressed ones.
    const audience: Notification['audience'] =
      options.broadcastOnly || t % 10 < 7 ? { type: 'all' } : t % 10 < 9 ? { type: 'project', projectId: projectIdOf(t % projects) } : { type: 'accounts', accountIds: [accountIdOf(t % n), accountIdOf((t + 1) % n)] };
    yield put('notifications', id, {
      id,
      kind: (['announcement', 'deprecation', 'migration', 'limit'] as const)[t % 4]!,
      title: `Notice ${t}: Python 3.8 transformations end`,
      message: 'Switch your transformations to Python 3.12 by 1 March; the old runtime stops then.',
      link: t % 2 === 0 ? 'https://status.example.com/python' : null,
      expiresAt: null,
      // Oldest first, one minute apart, all in the past.
      publishedAt: at((notifications - t + 1) * MS_PER_MINUTE),
      audience,
      source: 'operator',
    });
  }

  for (let i = 0; i < n; i++) {
    const read: Record<string, string> = {};
    for (let k = 0; k < Math.min(PROPORTIONS.readEntriesPerAccount, notifications); k++) read[notificationIdOf((i + k * 3) % notifications)] = at(MS_PER_MINUTE);
    // Half the accounts once pressed "mark all read" (a watermark before every seeded notification, so unread stays large).
    yield put('notificationReads', accountIdOf(i), { allReadAt: i % 2 === 0 ? at((notifications + 10) * MS_PER_MINUTE) : null, read });
  }

  const linked = Math.max(1, Math.floor(n * PROPORTIONS.slackLinkedShare));
  for (let s = 0; s < linked; s++) {
    const accountId = accountIdOf(s);
    yield put('slackLinks', accountId, { accountId, teamId: BENCH_TEAM_ID, userId: slackUserIdOf(s), linkedAt: at(20 * MS_PER_DAY) });
    const outboxId = idOf('obx', s);
    yield put('outbox', outboxId, {
      id: outboxId,
      kind: 'slack.linked',
      accountId,
      ref: `slack-link:${accountId}`,
      payload: {},
      createdAt: at(20 * MS_PER_DAY),
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: at(20 * MS_PER_DAY),
      claimedBy: null,
      claimedUntil: null,
      lastError: null,
      deliveredAt: at(20 * MS_PER_DAY),
    });
  }

  // The numeric id counters, at the last id given above.
  for (const [name, last] of [
    ['accounts', n],
    ['tokens', n * PROPORTIONS.tokensPerAccount],
    ['projects', projects],
    ['invitations', invitations],
  ] as const) {
    yield put('sequences', name, { name, last });
  }
}

/** The whole store document of seedEntries, validated (and put in schema key order, which is what the store writes). */
export function buildDocument(options: SeedOptions, passwordHash: string): Document {
  const doc = emptyDocument();
  for (const { collection, id, entry } of seedEntries(options, passwordHash)) (doc[collection] as Record<string, unknown>)[id] = entry;
  return documentSchema.parse(doc);
}

/** A 64-hex-character stand-in for a token's sha256 (no token can match it). */
function createHashLike(i: number, k: number): string {
  return `${i.toString(16).padStart(8, '0')}${k.toString(16).padStart(8, '0')}`.repeat(4);
}

/**
 * Writes `doc` as a data directory, as the store writes a new one at revision 0: the store file
 * naming its journal, a journal holding only its header, and the secret key (modes as the app makes them).
 */
export async function writeDataDir(dir: string, doc: Document): Promise<SeedInfo> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, STORE_FILE);
  const journal = { id: newJournalId(), epoch: newJournalId(), previous: null, base: 0, schemaVersion: SCHEMA_VERSION };
  const text = encodeStoreFile(doc, 0, journal);
  // The journal first, as the store does: a store file must never name a journal that is not there.
  await writeFile(journalFileOf(file), encodeHeader(journal), { mode: 0o600 });
  await writeFile(file, text, { mode: 0o600 });
  await writeFile(join(dir, SECRET_KEY_FILE), `${BENCH_SECRET_KEY_HEX}\n`, { mode: 0o600 });
  await chmod(dir, 0o700);
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(doc)) if (typeof value === 'object' && value !== null) counts[key] = Object.keys(value).length;
  return { dir, file, bytes: Buffer.byteLength(text, 'utf8'), counts, firstAccountId: accountIdOf(0) };
}
