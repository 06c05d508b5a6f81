import type { Role } from '../../../src/core/index.ts';
import type { IndexName } from '../../../src/core/store/indexes.ts';
import type { CollectionKey, DeepReadonly, Entry, Page, Store } from '../../../src/core/store/store.ts';
import { addMember } from '../../../src/core/projects/model.ts';
import { makeAccount, testCore, type TestCore } from '../../support/core.ts';

/** A project created by the operator, with `members` (account id → role) added directly. */
export async function makeProject(t: TestCore, name = 'Analytics', members: Readonly<Record<string, Role>> = {}): Promise<string> {
  const project = await t.core.projects.create({ name });
  await t.store.transact(async (tx) => {
    const draft = (await tx.get('projects', project.id))!;
    for (const [accountId, role] of Object.entries(members)) addMember(draft, accountId, role, t.clock.now());
  });
  return project.id;
}

/** Links `accountId` to a Slack user by writing the link directly (the link service is tested elsewhere). */
export async function linkSlack(t: TestCore, accountId: string, userId = 'U0INVITEE'): Promise<void> {
  await t.store.transact(async (tx) => {
    tx.put('slackLinks', accountId, { accountId, teamId: 'T0TEAM', userId, linkedAt: t.clock.now().toISOString() });
  });
}

/** The account's security event types, oldest first. */
export async function eventTypes(t: TestCore, accountId: string): Promise<string[]> {
  return (await t.core.accounts.securityActivity(accountId)).map((event) => event.type).reverse();
}

/** Every entry filed under `key` in a declared index, read a page at a time, in the index's order. */
export async function everyEntry<C extends CollectionKey>(store: Store, collection: C, index: IndexName<C>, key: string): Promise<DeepReadonly<Entry<C>>[]> {
  return store.view(async (view) => {
    const entries: DeepReadonly<Entry<C>>[] = [];
    for (let after: string | null = null; ; ) {
      const page: Page<DeepReadonly<Entry<C>>> = await view.page(collection, index, { key, limit: 100, after });
      entries.push(...page.items);
      if (!(after = page.next)) return entries;
    }
  });
}

/** Every outbox entry, pending and settled, in the order it was queued (entries queued in one millisecond: by id). */
export async function outboxEntries(store: Store): Promise<DeepReadonly<Entry<'outbox'>>[]> {
  const entries = [...(await everyEntry(store, 'outbox', 'pending', 'pending')), ...(await everyEntry(store, 'outbox', 'settled', 'settled'))];
  return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A fresh core with a project and an invitee account ("ann@example.com"). */
export async function invitationWorld() {
  const t = testCore();
  const ann = await makeAccount(t.core, 'ann@example.com');
  const projectId = await makeProject(t);
  return { ...t, ann, projectId };
}
