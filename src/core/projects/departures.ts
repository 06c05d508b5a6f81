import type { Project } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction } from '../store/store.ts';
import type { Random } from '../shared/random.ts';
import { insertNotification } from '../notifications/model.ts';
import { adminsOf } from './model.ts';

/** Why a member is gone: their time-boxed membership ended, or they left. */
export type Departure = { readonly why: 'expired'; readonly expiresAt: string | null } | { readonly why: 'left' };

/**
 * Inside the caller's transaction, after `accountId` is no longer in `project.members`: the
 * project's admins get a notification in the bell and, through the outbox, a Slack DM (each as
 * their DM preferences allow: it is an announcement). Nothing when the project has no admin.
 */
export async function tellAdminsOfDeparture(tx: StoreTransaction, now: Date, random: Random, project: DeepReadonly<Project>, accountId: string, departure: Departure): Promise<void> {
  const admins = adminsOf(project).filter((admin) => admin !== accountId);
  if (admins.length === 0) return;
  const account = await tx.peek.get('accounts', accountId);
  const who = account ? `${account.name} (${account.email})` : accountId;
  await insertNotification(tx, now, random, {
    kind: 'announcement',
    ...(departure.why === 'left'
      ? {
          title: `${who} left ${project.name}`,
          message: `${who} left ${project.name} (${project.id}) on ${now.toISOString()}. Invite them again if they still need access.`,
        }
      : {
          title: `${who} is no longer a member of ${project.name}`,
          message: `The time-boxed membership of ${who} in ${project.name} ended on ${departure.expiresAt}. An operator can add them again, or you can invite them.`,
        }),
    link: null,
    expiresAt: null,
    audience: { type: 'accounts', accountIds: admins },
    source: 'system',
  });
}
