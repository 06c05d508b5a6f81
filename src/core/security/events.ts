import type { SecurityEvent, SessionFront } from '../store/schema.ts';
import type { StoreTransaction } from '../store/store.ts';
import { newId, type Random } from '../shared/random.ts';
import { iso, MS_PER_DAY } from '../shared/time.ts';

/** Every kind of security event an account holder can see. */
export const SECURITY_EVENT_TYPES = [
  'account.created',
  'login.succeeded',
  'login.failed',
  'login.locked',
  'login.throttled',
  'account.unlocked',
  'password.changed',
  'password.change_failed',
  'mfa.enabled',
  'mfa.disabled',
  'mfa.reset',
  'mfa.code_failed',
  'mfa.recovery_code_used',
  'mfa.recovery_codes_regenerated',
  'token.created',
  'token.deleted',
  'token.expiring',
  'token.rotated',
  'token.revoked',
  'invitation.received',
  'invitation.accepted',
  'invitation.declined',
  'invitation.cancelled',
  'project.joined',
  'project.removed',
  'project.left',
  'project.membership_expired',
  'project.membership_extended',
  'project.mfa_required',
  'join_request.created',
  'join_request.cancelled',
  'join_request.rejected',
  'promo.redeemed',
  'promo.throttled',
  'slack.link_code_created',
  'slack.linked',
  'slack.unlinked',
  'session.ended',
  'slack.link_throttled',
  'slack.link_replaced',
  'slack.outbox_retried',
  'slack.outbox_discarded',
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** Events older than this are dropped. */
export const SECURITY_EVENT_RETENTION_DAYS = 90;
/** At most this many events are kept per account, newest first. */
export const SECURITY_EVENTS_PER_ACCOUNT = 200;

/**
 * The events of `events` (oldest first) still inside the retention period at `now`: trimmed on
 * every write, and filtered again on read for accounts that have been quiet since.
 */
export function retainedEvents<E extends { readonly at: string }>(events: readonly E[], now: Date): E[] {
  const cutoff = now.getTime() - SECURITY_EVENT_RETENTION_DAYS * MS_PER_DAY;
  return events.filter((event) => new Date(event.at).getTime() >= cutoff);
}

/**
 * Appends an event inside the caller's transaction, trimming the account's history to the
 * retention bounds. `details` must never hold a secret.
 */
export async function recordSecurityEvent(
  tx: StoreTransaction,
  now: Date,
  random: Random,
  accountId: string,
  type: SecurityEventType,
  details: SecurityEvent['details'] = {},
): Promise<void> {
  const kept = retainedEvents((await tx.get('securityEvents', accountId)) ?? [], now);
  kept.push({ id: newId(random, 'evt'), type, at: iso(now), details });
  tx.put('securityEvents', accountId, kept.slice(-SECURITY_EVENTS_PER_ACCOUNT));
}

/** Which front end a person acted through, for calls whose security event says so (`details.via`). */
export interface FrontOptions {
  /** @default not recorded (the dashboard and Slack predate the field) */
  readonly via?: SessionFront;
}

/** The `via` detail of a security event for `options`: empty when no front end was named. */
export function viaOf(options: FrontOptions): { via?: SessionFront } {
  return options.via ? { via: options.via } : {};
}
