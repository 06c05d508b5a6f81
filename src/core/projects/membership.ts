import type { Member, MembershipReminder, Project } from '../store/schema.ts';
import type { DeepReadonly } from '../store/collections.ts';
import { AccountError } from '../errors.ts';
import { addDays, addMs, iso, MS_PER_DAY } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';
import { MEMBERSHIP_MAX_DAYS, MEMBERSHIP_REMINDER_DAYS } from './constants.ts';

/** Most urgent last. */
const REMINDERS = (Object.keys(MEMBERSHIP_REMINDER_DAYS) as MembershipReminder[]).sort((a, b) => MEMBERSHIP_REMINDER_DAYS[b] - MEMBERSHIP_REMINDER_DAYS[a]);

/** A whole number of days, 1–MEMBERSHIP_MAX_DAYS, or INVALID_INPUT naming `field`. */
export function validMembershipDays(days: number, field = 'membershipExpiresInDays'): number {
  if (!Number.isInteger(days) || days < 1 || days > MEMBERSHIP_MAX_DAYS) {
    throw new AccountError('INVALID_INPUT', `A membership must last 1–${MEMBERSHIP_MAX_DAYS} whole days; got ${String(days)}.`, {
      field,
      min: 1,
      max: MEMBERSHIP_MAX_DAYS,
    });
  }
  return days;
}

/** The longest membership lifetime in seconds (MEMBERSHIP_MAX_DAYS). */
export const MEMBERSHIP_MAX_SECONDS = MEMBERSHIP_MAX_DAYS * 86_400;

/**
 * A whole number of seconds, 1–MEMBERSHIP_MAX_SECONDS (Keboola's `expirationSeconds`: its own
 * tests ask for 20 seconds and an hour), or INVALID_INPUT naming `field`.
 */
export function validMembershipSeconds(seconds: number, field = 'membershipSeconds'): number {
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MEMBERSHIP_MAX_SECONDS) {
    throw new AccountError('INVALID_INPUT', `A membership must last 1–${MEMBERSHIP_MAX_SECONDS} whole seconds (${MEMBERSHIP_MAX_DAYS} days); got ${String(seconds)}.`, {
      field,
      min: 1,
      max: MEMBERSHIP_MAX_SECONDS,
    });
  }
  return seconds;
}

/** The new member entry: joined now, ending `days` (or `seconds`) later when a lifetime is given. */
export function newMember(role: Member['role'], now: Date, options: { days?: number | null; seconds?: number | null; reason?: string | null } = {}): Member {
  const end = options.seconds ? addMs(now, options.seconds * 1000) : options.days ? addDays(now, options.days) : null;
  return {
    role,
    joinedAt: iso(now),
    ...(end ? { expiresAt: iso(end), remindersSent: [] } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  };
}

/** True when the membership has an end and it has come: such a member no longer counts, swept or not. */
export const membershipEnded = (member: DeepReadonly<Member>, now: Date): boolean =>
  member.expiresAt !== undefined && new Date(member.expiresAt).getTime() <= now.getTime();

/** True when `accountId` is a member of `project` whose membership has not ended at `now`. */
export function isActiveMember(project: DeepReadonly<Project>, accountId: string, now: Date): boolean {
  const member = ownEntry(project.members, accountId);
  return member !== undefined && !membershipEnded(member, now);
}

const reminderAt = (member: DeepReadonly<Member>, reminder: MembershipReminder): number =>
  new Date(member.expiresAt!).getTime() - MEMBERSHIP_REMINDER_DAYS[reminder] * MS_PER_DAY;

/**
 * The reminders still to send, most urgent last: a reminder whose moment was at or before the
 * member joined never applies (a 3-day membership gets only the 1-day reminder), each is sent once.
 */
function pendingReminders(member: DeepReadonly<Member>): MembershipReminder[] {
  if (member.expiresAt === undefined) return [];
  const joinedMs = new Date(member.joinedAt).getTime();
  return REMINDERS.filter((reminder) => reminderAt(member, reminder) > joinedMs && !(member.remindersSent ?? []).includes(reminder));
}

/** The reminders due at `now`, most urgent last; none once the membership has ended. */
export function dueMembershipReminders(member: DeepReadonly<Member>, now: Date): MembershipReminder[] {
  if (member.expiresAt === undefined || membershipEnded(member, now)) return [];
  return pendingReminders(member).filter((reminder) => reminderAt(member, reminder) <= now.getTime());
}

/**
 * The next moment the sweep has something to do for `project` (a reminder or an end), as an ISO
 * time, or null when no membership of it ends: the `membershipDue` index's order.
 */
export function nextMembershipDueAt(project: DeepReadonly<Project>): string | null {
  let next = Number.POSITIVE_INFINITY;
  for (const member of Object.values(project.members)) {
    if (member.expiresAt === undefined) continue;
    next = Math.min(next, new Date(member.expiresAt).getTime(), ...pendingReminders(member).map((reminder) => reminderAt(member, reminder)));
  }
  return Number.isFinite(next) ? new Date(next).toISOString() : null;
}

/**
 * Sets a new end for `member` (the transaction's copy). Reminders whose moment has already passed
 * count as sent: a member extended to 3 days from now gets the 1-day reminder, never a late "7 days".
 */
export function extendMembership(member: Member, until: Date, now: Date): void {
  member.expiresAt = iso(until);
  member.remindersSent = REMINDERS.filter((reminder) => reminderAt(member, reminder) <= now.getTime());
}
