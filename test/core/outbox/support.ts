import type { Core } from '../../../src/core/index.ts';
import type { Store } from '../../../src/core/store/store.ts';
import type { OutboxKind } from '../../../src/core/store/schema.ts';
import type { Clock } from '../../../src/core/shared/clock.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import { enqueueOutbox } from '../../../src/core/outbox/enqueue.ts';
import { makeAccount } from '../../support/core.ts';

export const TEAM = 'T0TEAM';

/** An account linked to Slack user `userId` through the real link flow; returns its id. */
export async function linkedAccount(core: Core, email: string, userId: string): Promise<string> {
  const accountId = await makeAccount(core, email);
  const { code } = await core.slackLink.createLinkCode(accountId);
  await core.slackLink.link({ code, teamId: TEAM, userId });
  return accountId;
}

/**
 * Forgets the `slack.linked` confirmations that linking queued, so a test sees only the entries it
 * queues itself.
 */
export async function dropLinkConfirmations(store: Store): Promise<void> {
  await store.transact((doc) => {
    for (const [id, entry] of Object.entries(doc.outbox)) if (entry.kind === 'slack.linked') delete doc.outbox[id];
  });
}

/** Queues an entry the way every feature does: enqueueOutbox inside a store transaction. */
export function enqueue(
  store: Store,
  clock: Clock,
  accountId: string,
  ref: string,
  kind: OutboxKind = 'notification.published',
): Promise<string | null> {
  return store.transact((doc) => enqueueOutbox(doc, clock.now(), cryptoRandom, { accountId, kind, ref, payload: { ref } }));
}
