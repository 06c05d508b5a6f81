import type { Core } from '../../../src/core/index.ts';
import type { DeepReadonly, Entry, Page, Store, StoreReader, StoreView } from '../../../src/core/store/store.ts';
import type { OutboxKind } from '../../../src/core/store/schema.ts';
import type { Clock } from '../../../src/core/shared/clock.ts';
import { cryptoRandom } from '../../../src/core/shared/random.ts';
import { ALL } from '../../../src/core/store/indexes.ts';
import { enqueueOutbox } from '../../../src/core/outbox/enqueue.ts';
import { PENDING, SETTLED } from '../../../src/core/outbox/indexes.ts';
import { makeAccount } from '../../support/core.ts';

export const TEAM = 'T0TEAM';

/** An account linked to Slack user `userId` through the real link flow; returns its id. */
export async function linkedAccount(core: Core, email: string, userId: string): Promise<string> {
  const accountId = await makeAccount(core, email);
  const { code } = await core.slackLink.createLinkCode(accountId);
  await core.slackLink.link({ code, teamId: TEAM, userId });
  return accountId;
}

/** Every outbox entry `reader` sees, by id: each one is either pending or settled, so the two indexes hold them all. */
async function entriesIn(reader: StoreReader): Promise<Record<string, DeepReadonly<Entry<'outbox'>>>> {
  const all: Record<string, DeepReadonly<Entry<'outbox'>>> = {};
  for (const [index, key] of [['pending', PENDING], ['settled', SETTLED]] as const) {
    for (let after: string | null = null; ; ) {
      const page: Page<DeepReadonly<Entry<'outbox'>>> = await (reader as StoreView).page('outbox', index, { key, limit: 100, after });
      for (const entry of page.items) all[entry.id] = entry;
      if (!(after = page.next)) break;
    }
  }
  return all;
}

/** Every stored outbox entry, by id (oldest first within pending, then settled). */
export function outboxEntries(store: Store): Promise<Record<string, DeepReadonly<Entry<'outbox'>>>> {
  return store.view((view) => entriesIn(view));
}

/** Every recorded Slack message, by ref. */
export async function slackMessages(store: Store): Promise<Record<string, DeepReadonly<Entry<'slackMessages'>>>> {
  const { items } = await store.view((view) => view.page('slackMessages', 'updated', { key: ALL, limit: 1000 }));
  return Object.fromEntries(items.map((message) => [message.ref, message]));
}

/**
 * Forgets the `slack.linked` confirmations that linking queued, so a test sees only the entries it
 * queues itself.
 */
export async function dropLinkConfirmations(store: Store): Promise<void> {
  await store.transact(async (tx) => {
    for (const entry of Object.values(await entriesIn(tx))) if (entry.kind === 'slack.linked') tx.delete('outbox', entry.id);
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
  return store.transact((tx) => enqueueOutbox(tx, clock.now(), cryptoRandom, { accountId, kind, ref, payload: { ref } }));
}
