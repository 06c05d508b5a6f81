import type { Member, MembershipReminder, Project } from '../store/schema.ts';
import type { DeepReadonly, Page, StoreTransaction, StoreView } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { ALL } from '../store/indexes.ts';
import { addMs, iso } from '../shared/time.ts';
import { insertNotification } from '../notifications/model.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { MEMBERSHIP_REMINDER_DAYS, MEMBERSHIP_SWEEP_BATCH } from './constants.ts';
import { dueMembershipReminders, membershipEnded } from './membership.ts';
import { tellAdminsOfDeparture } from './departures.ts';

/** What one sweep did. */
export interface MembershipSweep {
  /** Reminders sent (a member's most urgent due reminder counts once). */
  readonly reminded: number;
  /** Memberships that ended and were removed. */
  readonly ended: number;
  /** More projects may be due than this batch took: run again (a new transaction). */
  readonly more: boolean;
}

/** The projects with something due at `now`, in the `membershipDue` index's order (unlocked reads). */
async function dueProjectIds(reader: StoreView, now: Date, limit: number): Promise<{ ids: string[]; more: boolean }> {
  const page: Page<DeepReadonly<Project>> = await reader.page('projects', 'membershipDue', { key: ALL, before: iso(addMs(now, 1)), limit: limit + 1 });
  return { ids: page.items.slice(0, limit).map((project) => project.id), more: page.items.length > limit };
}

/** True when any membership has a reminder or an end due: lets callers skip the transaction. */
export async function anyMembershipDue(reader: StoreView, now: Date): Promise<boolean> {
  return (await dueProjectIds(reader, now, 1)).ids.length > 0;
}

const inWords = (reminder: MembershipReminder): string => (MEMBERSHIP_REMINDER_DAYS[reminder] === 1 ? '1 day' : `${MEMBERSHIP_REMINDER_DAYS[reminder]} days`);

/**
 * Inside the caller's transaction: for up to MEMBERSHIP_SWEEP_BATCH projects with something due,
 * sends each member's due reminder (bell and Slack DM, once each, the most urgent when several are
 * due at once) and ends each membership whose time has come (the member and the project's admins
 * are told). The due projects are found without locks and then read again through `tx.get`, which
 * locks them (PostgreSQL) or runs alone (file store): what another process swept meanwhile is no
 * longer due, so every reminder and every end happens once, whichever process sweeps.
 */
export async function sweepMemberships(tx: StoreTransaction, now: Date, random: Random): Promise<MembershipSweep> {
  const { ids, more } = await dueProjectIds(tx.peek, now, MEMBERSHIP_SWEEP_BATCH);
  let reminded = 0;
  let ended = 0;
  for (const id of ids) {
    const project = await tx.get('projects', id);
    if (!project) continue;
    for (const [accountId, member] of Object.entries(project.members).sort(([a], [b]) => a.localeCompare(b))) {
      if (membershipEnded(member, now)) {
        delete project.members[accountId];
        await endMembership(tx, now, random, project, accountId, member);
        ended++;
        continue;
      }
      const due = dueMembershipReminders(member, now);
      if (due.length === 0) continue;
      await remind(tx, now, random, project, accountId, member, due.at(-1)!);
      member.remindersSent = [...(member.remindersSent ?? []), ...due];
      reminded++;
    }
  }
  return { reminded, ended, more };
}

async function remind(tx: StoreTransaction, now: Date, random: Random, project: Project, accountId: string, member: Member, reminder: MembershipReminder): Promise<void> {
  if (!(await tx.peek.get('accounts', accountId))) return;
  await insertNotification(tx, now, random, {
    kind: 'announcement',
    title: `Your membership of ${project.name} ends in ${inWords(reminder)}`,
    message:
      `Your membership of ${project.name} (${project.id}) ends on ${member.expiresAt!.slice(0, 10)} (${member.expiresAt}). ` +
      'Ask one of its admins to extend it if you still need access.',
    link: null,
    expiresAt: new Date(member.expiresAt!),
    audience: { type: 'accounts', accountIds: [accountId] },
    source: 'system',
    // The membership.expiring entry below is the Slack reminder; one DM is enough.
    slackFanOut: false,
  });
  // One ref per reminder and end date, so each is its own DM (as token reminders are), also after an extension.
  await enqueueOutbox(tx, now, random, {
    accountId,
    kind: 'membership.expiring',
    ref: `membership:${project.id}:${accountId}:${member.expiresAt!}:${reminder}`,
    payload: { projectId: project.id, projectName: project.name, projectNumericId: project.numericId, expiresAt: member.expiresAt!, reminder },
  });
}

async function endMembership(tx: StoreTransaction, now: Date, random: Random, project: Project, accountId: string, member: DeepReadonly<Member>): Promise<void> {
  const account = await tx.peek.get('accounts', accountId);
  if (account) {
    await recordSecurityEvent(tx, now, random, accountId, 'project.membership_expired', { projectId: project.id, projectName: project.name, expiresAt: member.expiresAt ?? null });
    await insertNotification(tx, now, random, {
      kind: 'announcement',
      title: `Your membership of ${project.name} has ended`,
      message: `Your time-boxed membership of ${project.name} (${project.id}) ended on ${member.expiresAt}. Ask one of its admins if you need access again.`,
      link: null,
      expiresAt: null,
      audience: { type: 'accounts', accountIds: [accountId] },
      source: 'system',
    });
  }
  await tellAdminsOfDeparture(tx, now, random, project, accountId, { why: 'expired', expiresAt: member.expiresAt ?? null });
}
