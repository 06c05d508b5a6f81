import { SCHEMA_VERSION } from './schema.ts';

/**
 * Forward-only migrations: `MIGRATIONS[n]` turns a version-n document into version n+1. A
 * document newer than SCHEMA_VERSION is refused, never downgraded.
 */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 2 keeps recent changes in a journal beside the store file (see journal.ts); the
  // document itself is unchanged. The bump stops a version-1 program, which would ignore the
  // journal, from reading a store that has one.
  1: (doc) => doc,
  // Version 3's store file names its journal (see journal.ts), and every entry a query returns
  // carries its own key (a page of entries must say which entry each one is). The bump also stops
  // a version-2 program from reading a store whose journal it would not check.
  2: (doc) => ({
    ...doc,
    slackLinks: withKey(doc['slackLinks'], 'accountId'),
    slackLinkCodes: withKey(doc['slackLinkCodes'], 'hash'),
    slackMessages: withKey(doc['slackMessages'], 'ref'),
  }),
  // Version 4 adds signed-in sessions, the installation's settled settings and the throttles of
  // failed guesses (sign-in by typed email, promo codes, Slack link codes).
  3: (doc) => ({ ...doc, sessions: doc['sessions'] ?? {}, meta: doc['meta'] ?? {}, throttles: doc['throttles'] ?? {} }),
  // Version 5 keys a Slack user by enterprise id and user id, or the user id alone, never by team
  // (see slack-link/indexes.ts): links keep their shape and are found under the new key. Where two
  // links of one user id in different teams would now share a key, the newest stays. It also adds
  // addressed outbox entries (`recipient`, kind `slack.unlinked`), which an older program would
  // deliver to the wrong Slack user.
  4: (doc) => ({ ...doc, slackLinks: newestLinkPerUser(doc['slackLinks']) }),
  // Version 6 gives accounts, projects, invitations and tokens a numeric id (the Management API
  // names them by it), 1, 2, 3… per collection in order of creation, and keeps each collection's
  // last one in `sequences` for the next entry (store/sequences.ts).
  5: (doc) => {
    const numbered: Record<string, unknown> = { ...doc };
    const sequences: Record<string, unknown> = {};
    // The collections that existed at version 6 (join requests came numbered from the start).
    for (const collection of ['accounts', 'projects', 'invitations', 'tokens']) {
      const { entries, last } = numberInOrderOfCreation(doc[collection]);
      numbered[collection] = entries;
      sequences[collection] = { name: collection, last };
    }
    return { ...numbered, sequences };
  },
  // Version 7 adds join requests, and the outbox kinds of their Slack messages to a project's
  // admins, which an older program could not deliver; and it remembers the Slack events handled
  // (`slackEvents`), so a retried event is acted on once across processes (an older program would
  // drop them from the file). Time-boxed memberships, projects that require MFA and invitations
  // with a membership lifetime are optional fields: no entry changes.
  6: (doc) => ({ ...doc, joinRequests: doc['joinRequests'] ?? {}, slackEvents: doc['slackEvents'] ?? {} }),
  // Version 8 keeps a join request's membership lifetime in seconds (`membershipSeconds`, as
  // Keboola's `expirationSeconds`), no longer whole days, and may keep a rejection's reason. A
  // version-7 program would drop the lifetime and approve a time-boxed request as a membership
  // without an end. It also adds the outbox kinds of the membership-ending and MFA-deadline
  // reminder DMs and their DM preference (`project_reminder`), which an older program could
  // neither deliver nor read in an account's preferences.
  7: (doc) => ({ ...doc, joinRequests: inSeconds(doc['joinRequests']) }),
};

/** The join requests of a version-7 document with `membershipDays` turned into `membershipSeconds`. */
function inSeconds(collection: unknown): unknown {
  if (typeof collection !== 'object' || collection === null || Array.isArray(collection)) return collection;
  return Object.fromEntries(
    Object.entries(collection).map(([id, entry]) => {
      if (typeof entry !== 'object' || entry === null || !('membershipDays' in entry)) return [id, entry];
      const { membershipDays, ...rest } = entry as Record<string, unknown>;
      // Left for validation to refuse when it is not a number or null.
      const seconds = typeof membershipDays === 'number' ? membershipDays * 86_400 : membershipDays;
      const ordered: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(rest)) {
        ordered[field] = value;
        if (field === 'reason') ordered['membershipSeconds'] = seconds;
      }
      if (!('membershipSeconds' in ordered)) ordered['membershipSeconds'] = seconds;
      return [id, ordered];
    }),
  );
}

/**
 * The entries of a collection, each given `numericId` 1, 2, 3… by `createdAt` and then id, and
 * the last number given. Entries that are not objects are left for validation to refuse.
 */
function numberInOrderOfCreation(collection: unknown): { entries: unknown; last: number } {
  if (typeof collection !== 'object' || collection === null || Array.isArray(collection)) return { entries: collection, last: 0 };
  const createdAt = (entry: unknown) => String((entry as Record<string, unknown>)['createdAt']);
  const order = Object.entries(collection)
    .filter(([, entry]) => typeof entry === 'object' && entry !== null)
    .sort(([idA, a], [idB, b]) => createdAt(a).localeCompare(createdAt(b)) || (idA < idB ? -1 : idA > idB ? 1 : 0));
  const numbers = new Map(order.map(([id], index) => [id, index + 1]));
  const entries = Object.fromEntries(
    Object.entries(collection).map(([id, entry]) => [id, numbers.has(id) ? { ...(entry as object), numericId: numbers.get(id) } : entry]),
  );
  return { entries, last: order.length };
}

/** The links of a version-4 document, one per Slack user id: the newest one where several share it. */
function newestLinkPerUser(collection: unknown): unknown {
  if (typeof collection !== 'object' || collection === null || Array.isArray(collection)) return collection;
  const newest = new Map<string, [string, Record<string, unknown>]>();
  const kept: [string, unknown][] = [];
  for (const [key, link] of Object.entries(collection)) {
    const userId = typeof link === 'object' && link !== null ? (link as Record<string, unknown>)['userId'] : undefined;
    // Left for validation to refuse, as found.
    if (typeof userId !== 'string') {
      kept.push([key, link]);
      continue;
    }
    const seen = newest.get(userId);
    if (!seen || String((link as Record<string, unknown>)['linkedAt']) > String(seen[1]['linkedAt'])) newest.set(userId, [key, link as Record<string, unknown>]);
  }
  return Object.fromEntries([...kept, ...newest.values()]);
}

/** Each entry of a collection (as found: it is validated after migrating) with its key copied into `field`. */
function withKey(collection: unknown, field: string): unknown {
  if (typeof collection !== 'object' || collection === null || Array.isArray(collection)) return collection;
  return Object.fromEntries(
    Object.entries(collection).map(([key, entry]) => [key, typeof entry === 'object' && entry !== null ? { [field]: key, ...entry } : entry]),
  );
}

export function migrate(doc: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  let current = doc;
  for (let version = fromVersion; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    current = { ...step(current), schemaVersion: version + 1 };
  }
  return current;
}
