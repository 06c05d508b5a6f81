import type { Core } from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';

/** The titles of the notifications `accountId` sees in the bell, newest first. */
export async function bellTitles(core: Core, accountId: string): Promise<string[]> {
  return (await core.notifications.listForAccount(accountId)).items.map((item) => item.title);
}

/** Slack DMs waiting for delivery to `accountId` (no Slack process runs here), oldest first. */
export async function pendingDms(store: Store, accountId: string): Promise<{ kind: string; payload: unknown }[]> {
  const page = await store.view((view) => view.page('outbox', 'pending', { key: 'pending', limit: 1000 }));
  return page.items.filter((entry) => entry.accountId === accountId).map(({ kind, payload }) => ({ kind, payload }));
}

export async function linkSlack(store: Store, accountId: string, at: string): Promise<void> {
  await store.transact(async (tx) => {
    tx.put('slackLinks', accountId, { accountId, teamId: 'T1', userId: `U-${accountId}`, linkedAt: at });
  });
}

/** The account's security events of type `type`, newest first, as details. */
export async function eventsOf(core: Core, accountId: string, type: string) {
  return (await core.accounts.securityActivity(accountId)).filter((event) => event.type === type).map((event) => event.details);
}
