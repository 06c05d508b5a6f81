import type { Token } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { newId, type Random } from '../shared/random.ts';
import { nextNumericId } from '../store/sequences.ts';
import { addMs, iso, isPast, MS_PER_DAY } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { sha256 } from '../crypto/digest.ts';
import {
  TOKEN_HINT_LENGTH,
  TOKEN_MAX_LIFETIME_DAYS,
  TOKEN_MIN_LIFETIME_DAYS,
  TOKEN_ROTATION_GRACE_DEFAULT_SECONDS,
  TOKEN_ROTATION_GRACE_MAX_SECONDS,
  TOKEN_ROTATION_HISTORY,
} from './constants.ts';
import { familyOf, isLive, isSuperseded } from './lifecycle.ts';
import type { RotationSource } from './types.ts';

/** The grace window in ms for `graceSeconds` (undefined: the default), or TOKEN_GRACE_INVALID. */
export function graceMs(graceSeconds: number | undefined): number {
  const seconds = graceSeconds ?? TOKEN_ROTATION_GRACE_DEFAULT_SECONDS;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > TOKEN_ROTATION_GRACE_MAX_SECONDS) {
    throw new AccountError(
      'TOKEN_GRACE_INVALID',
      `The grace window is a whole number of seconds from 0 (the old token stops working at once) to ${TOKEN_ROTATION_GRACE_MAX_SECONDS}; got ${String(seconds)}.`,
      { max: TOKEN_ROTATION_GRACE_MAX_SECONDS },
    );
  }
  return seconds * 1000;
}

/**
 * The new token's lifetime: as long as the old token's was (from its creation to its expiry),
 * counted from now, so a token rotated every month keeps living a month ahead. Kept within the
 * bounds a new token has (a token always expires, at most TOKEN_MAX_LIFETIME_DAYS ahead).
 */
function lifetimeMs(old: Token): number {
  const ms = new Date(old.expiresAt).getTime() - new Date(old.createdAt).getTime();
  return Math.min(Math.max(ms, TOKEN_MIN_LIFETIME_DAYS * MS_PER_DAY), TOKEN_MAX_LIFETIME_DAYS * MS_PER_DAY);
}

export const alreadyRotated = (token: Token) =>
  new AccountError(
    'TOKEN_ALREADY_ROTATED',
    `This token was rotated already; it works until ${token.rotation!.graceUntil} and cannot be rotated again. Use the new token.`,
    { graceUntil: token.rotation!.graceUntil },
  );

/**
 * Inside the caller's transaction: replaces `old` (live, never rotated: the caller checked) by a
 * new token for `secret` with the same description and lifetime, in the same family. `old` keeps
 * working until now + `grace` ms. Rotated tokens of the family whose grace is over are kept for
 * reuse detection, but no longer than their own expiry and at most TOKEN_ROTATION_HISTORY of them.
 */
export async function rotateIn(
  tx: StoreTransaction,
  random: Random,
  now: Date,
  old: Token,
  secret: string,
  grace: number,
  source: RotationSource,
): Promise<Token> {
  const created: Token = {
    id: newId(random, 'tok'),
    numericId: await nextNumericId(tx, 'tokens'),
    accountId: old.accountId,
    description: old.description,
    hash: sha256(secret),
    hint: secret.slice(-TOKEN_HINT_LENGTH),
    createdAt: iso(now),
    expiresAt: iso(addMs(now, lifetimeMs(old))),
    lastUsedAt: null,
    remindersSent: [],
    familyId: familyOf(old),
    rotatedFrom: old.id,
  };
  const graceUntil = iso(addMs(now, grace));
  old.rotation = { replacedBy: created.id, at: iso(now), graceUntil };
  tx.put('tokens', created.id, created);
  await pruneHistory(tx, old, now);
  await recordSecurityEvent(tx, now, random, old.accountId, 'token.rotated', {
    description: old.description,
    hint: old.hint,
    newHint: created.hint,
    graceUntil,
    expiresAt: created.expiresAt,
    source,
  });
  return created;
}

/**
 * The ids of `token`'s family members (itself excluded) for which `pick` holds, read without locks
 * (`peek`): locking every token of the account would make two rotations of one account's tokens
 * deadlock. The caller locks the ones it changes (`tx.get`, in id order) and checks them again.
 */
async function familyIds(tx: StoreTransaction, token: Token, pick: (member: DeepReadonly<Token>) => boolean): Promise<string[]> {
  const family = familyOf(token);
  return (await tx.peek.find('tokens', 'account', token.accountId))
    .filter((member) => member.id !== token.id && familyOf(member) === family && pick(member))
    .map((member) => member.id)
    .sort();
}

/** Deletes the family's superseded tokens that expired, and the oldest beyond TOKEN_ROTATION_HISTORY. */
async function pruneHistory(tx: StoreTransaction, rotated: Token, now: Date): Promise<void> {
  const superseded: Token[] = [];
  for (const id of await familyIds(tx, rotated, (member) => isSuperseded(member, now))) {
    const member = await tx.get('tokens', id);
    if (member && isSuperseded(member, now)) superseded.push(member);
  }
  const kept = superseded.filter((token) => !isPast(token.expiresAt, now)).sort((a, b) => b.rotation!.at.localeCompare(a.rotation!.at));
  const keep = new Set(kept.slice(0, TOKEN_ROTATION_HISTORY).map((token) => token.id));
  for (const token of superseded) if (!keep.has(token.id)) tx.delete('tokens', token.id);
}

/**
 * Inside the caller's transaction, when `token` is deleted: the superseded (hidden) tokens of its
 * family go with it once no live token is left in the family to protect by reuse detection.
 */
export async function deleteHiddenHistory(tx: StoreTransaction, token: Token, now: Date): Promise<void> {
  if ((await familyIds(tx, token, (member) => isLive(member, now))).length > 0) return;
  for (const id of await familyIds(tx, token, (member) => isSuperseded(member, now))) {
    const member = await tx.get('tokens', id);
    if (member && isSuperseded(member, now)) tx.delete('tokens', id);
  }
}

/** Inside the caller's transaction: the live tokens of `token`'s family, itself included when live, locked for change. */
export async function liveFamily(tx: StoreTransaction, token: Token, now: Date): Promise<Token[]> {
  const live: Token[] = isLive(token, now) ? [token] : [];
  for (const id of await familyIds(tx, token, (member) => isLive(member, now))) {
    const member = await tx.get('tokens', id);
    if (member && isLive(member, now)) live.push(member);
  }
  return live;
}
