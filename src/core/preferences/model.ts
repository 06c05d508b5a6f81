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
      return (DM_KINDS as readonly unknown[]).includes(type) && type !== 'invitation' && type !== 'token_reminder' ? (type as DmKind) : null;
    }
    case 'invitation.created':
    case 'invitation.answered':
    case 'invitation.cancelled':
    // Asking to join, and its answer, are the other way into a project: the same choice.
    case 'join-request.created':
    case 'join-request.answered':
      return 'invitation';
    case 'token.expiring':
      return 'token_reminder';
    case 'slack.linked':
    case 'slack.unlinked':
      return null;
  }
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
  if (await tx.peek.get('slackMessages', entry.ref)) return false;
  const [earlier] = (await tx.peek.page('outbox', 'ref', { key: entry.ref, order: 'desc', limit: 1 })).items;
  return !(earlier && earlier.accountId === entry.accountId && earlier.status !== 'failed');
}
