import type { Account, OutboxKind } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction } from '../store/store.ts';
import { DM_KINDS, type DmKind, type DmPreferences } from './types.ts';

/** The account's preferences as a person reads them: absent or unnamed kinds are on. */
export function preferencesOf(account: DeepReadonly<Pick<Account, 'dmPreferences'>>): DmPreferences {
  const off = new Set<string>(account.dmPreferences?.off ?? []);
  const kinds = Object.fromEntries(DM_KINDS.map((kind) => [kind, !off.has(kind)])) as Record<DmKind, boolean>;
  return { kinds, updatedAt: account.dmPreferences?.updatedAt ?? null };
}

/**
 * The preference kind an outbox message falls under, or null for messages nobody may turn off
 * (link confirmations, "your link ended": a person must hear about their own account's access).
 */
export function dmKindOf(kind: OutboxKind, payload: Readonly<Record<string, unknown>>): DmKind | null {
  switch (kind) {
    case 'notification.published': {
      const type = payload['kind'];
      return (DM_KINDS as readonly unknown[]).includes(type) && type !== 'invitation' && type !== 'token_reminder' && type !== 'project_reminder' ? (type as DmKind) : null;
    }
    case 'invitation.created':
    case 'invitation.answered':
    case 'invitation.cancelled':
    // Asking to join, and its answer, are the other way into a project: the same choice.
    case 'join-request.created':
    case 'join-request.answered':
    case 'invitation.summary':
      return 'invitation';
    case 'token.expiring':
      return 'token_reminder';
    case 'membership.expiring':
    case 'project.mfa-required':
      return 'project_reminder';
    case 'slack.linked':
    case 'slack.unlinked':
      return null;
  }
}

/** Kinds that update the DM an earlier entry of their ref posted, and mean nothing without it. */
const FOLLOW_UPS: ReadonlySet<OutboxKind> = new Set(['invitation.answered', 'invitation.cancelled']);

/** Whether a DM for the ref went out to the account, or is queued for it. */
async function hasOriginal(tx: StoreTransaction, entry: { readonly accountId: string; readonly ref: string }): Promise<boolean> {
  if (await tx.peek.get('slackMessages', entry.ref)) return true;
  const [earlier] = (await tx.peek.page('outbox', 'ref', { key: entry.ref, order: 'desc', limit: 1 })).items;
  return earlier !== undefined && earlier.accountId === entry.accountId && earlier.status !== 'failed';
}

/**
 * Whether a follow-up (an invitation answered or cancelled) has no DM of its own to update: the
 * invitation was listed in a summary DM, or announced before the account was linked, or its DM
 * was turned off. Nothing is posted then: a new DM saying "you accepted" would only be noise.
 */
export async function orphanFollowUp(tx: StoreTransaction, entry: { readonly accountId: string; readonly kind: OutboxKind; readonly ref: string }): Promise<boolean> {
  return FOLLOW_UPS.has(entry.kind) && !(await hasOriginal(tx, entry));
}

/**
 * Whether the outbox message for `accountId` is one its holder turned off. A follow-up of a message
 * that already went out or is queued (an invitation answered after its DM was sent) is never held
 * back: the DM must not keep live buttons for something that is settled. Read without locks, so a
 * fan-out to every account neither waits for nor blocks their sign-ins.
 */
export async function dmTurnedOff(
  tx: StoreTransaction,
  entry: { readonly accountId: string; readonly kind: OutboxKind; readonly ref: string; readonly payload: Readonly<Record<string, unknown>> },
): Promise<boolean> {
  const kind = dmKindOf(entry.kind, entry.payload);
  if (!kind) return false;
  const account = await tx.peek.get('accounts', entry.accountId);
  if (!account?.dmPreferences?.off.includes(kind)) return false;
  return !(await hasOriginal(tx, entry));
}
