import type { Role } from '../../../src/core/index.ts';
import { addMember } from '../../../src/core/projects/model.ts';
import { makeAccount, testCore, type TestCore } from '../../support/core.ts';

/** A project created by the operator, with `members` (account id → role) added directly. */
export async function makeProject(t: TestCore, name = 'Analytics', members: Readonly<Record<string, Role>> = {}): Promise<string> {
  const project = await t.core.projects.create({ name });
  await t.store.transact((doc) => {
    for (const [accountId, role] of Object.entries(members)) addMember(doc.projects[project.id]!, accountId, role, t.clock.now());
  });
  return project.id;
}

/** Links `accountId` to a Slack user by writing the link directly (the link service is tested elsewhere). */
export async function linkSlack(t: TestCore, accountId: string, userId = 'U0INVITEE'): Promise<void> {
  await t.store.transact((doc) => {
    doc.slackLinks[accountId] = { teamId: 'T0TEAM', userId, linkedAt: t.clock.now().toISOString() };
  });
}

/** The account's security event types, oldest first. */
export async function eventTypes(t: TestCore, accountId: string): Promise<string[]> {
  return (await t.core.accounts.securityActivity(accountId)).map((event) => event.type).reverse();
}

/** A fresh core with a project and an invitee account ("ann@example.com"). */
export async function invitationWorld() {
  const t = testCore();
  const ann = await makeAccount(t.core, 'ann@example.com');
  const projectId = await makeProject(t);
  return { ...t, ann, projectId };
}
