import type { Token } from '../store/schema.ts';
import type { StoreTransaction } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { insertNotification } from '../notifications/model.ts';
import { isSuperseded } from './lifecycle.ts';
import { liveFamily } from './rotation.ts';
import type { LeakSource } from './types.ts';

const SOURCE_WORDS: Readonly<Record<LeakSource, string>> = {
  public_revocation: 'it was reported through the public revocation endpoint (someone found it where it should not be)',
  slack_leak_detection: 'it was posted in a Slack channel',
};

/** The owner's words for a revoked token's name. */
const named = (token: Token) => `"${token.description}" (ending in ${token.hint})`;

/**
 * Inside the caller's transaction: revokes `token` (live: the caller checked) as leaked, records
 * `token.revoked` and tells its owner in the bell and, when Slack is linked, by a DM.
 */
export async function revokeAsLeaked(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  token: Token,
  source: LeakSource,
  where: string | null,
): Promise<void> {
  token.revocation = { at: iso(now), reason: 'leaked', source };
  await recordSecurityEvent(tx, now, random, token.accountId, 'token.revoked', {
    description: token.description,
    hint: token.hint,
    reason: 'leaked',
    source,
    ...(where ? { where } : {}),
  });
  await insertNotification(tx, now, random, {
    kind: 'announcement',
    title: `Access token ${named(token)} was revoked: it leaked`,
    message:
      `Your Management API access token ${named(token)} was revoked because ${SOURCE_WORDS[source]}` +
      `${where ? ` (${where})` : ''}. Anything still using it is now refused. ` +
      'Create a new token, keep it out of code, chat and logs, and check the security activity for anything you did not do.',
    link: null,
    expiresAt: null,
    audience: { type: 'accounts', accountIds: [token.accountId] },
    source: 'system',
  });
}

/**
 * Inside the caller's transaction: `presented` (found by its hash) was rotated and its grace is
 * over, yet someone used it: whoever holds it is not the one who rotated it, or the old secret
 * leaked (GitLab's reuse detection). Every live token of its family is revoked, each recorded as
 * `token.revoked` (reason `reuse`), and the owner told once. Returns how many were revoked: none
 * when the family was revoked already (nothing is recorded again, so a replayed token cannot
 * flood the owner's activity).
 */
export async function revokeFamilyOnReuse(tx: StoreTransaction, now: Date, random: Random, presented: Token): Promise<number> {
  if (!isSuperseded(presented, now)) return 0;
  const live = await liveFamily(tx, presented, now);
  for (const token of live) {
    token.revocation = { at: iso(now), reason: 'reuse', source: 'reuse_detection' };
    await recordSecurityEvent(tx, now, random, token.accountId, 'token.revoked', {
      description: token.description,
      hint: token.hint,
      reason: 'reuse',
      source: 'reuse_detection',
      reusedHint: presented.hint,
    });
  }
  if (live.length === 0) return 0;
  await insertNotification(tx, now, random, {
    kind: 'announcement',
    title: `Access token "${presented.description}" was revoked: an old copy was used again`,
    message:
      `The token ending in ${presented.hint} was replaced by rotation on ${presented.rotation!.at}, yet it was used again after its grace window. ` +
      `Someone else may hold it, so its replacement${live.length === 1 ? '' : 's'} (ending in ${live.map((token) => token.hint).join(', ')}) ` +
      `${live.length === 1 ? 'was' : 'were'} revoked too. Create a new token and check the security activity for anything you did not do.`,
    link: null,
    expiresAt: null,
    audience: { type: 'accounts', accountIds: [presented.accountId] },
    source: 'system',
  });
  return live.length;
}
