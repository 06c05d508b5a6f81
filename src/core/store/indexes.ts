import type { CollectionKey } from './collections.ts';
import type { IndexDefinition, IndexesOf } from './index-definition.ts';
import { accountIndexes } from '../accounts/indexes.ts';
import { projectIndexes } from '../projects/indexes.ts';
import { invitationIndexes } from '../invitations/indexes.ts';
import { joinRequestIndexes } from '../join-requests/indexes.ts';
import { tokenIndexes } from '../tokens/indexes.ts';
import { notificationIndexes } from '../notifications/indexes.ts';
import { promoCodeIndexes, promoRedemptionIndexes } from '../promo/indexes.ts';
import { slackLinkCodeIndexes, slackLinkIndexes } from '../slack-link/indexes.ts';
import { outboxIndexes, slackMessageIndexes } from '../outbox/indexes.ts';
import { sessionIndexes } from '../sessions/indexes.ts';
import { throttleIndexes } from '../security/indexes.ts';
import { slackEventIndexes } from '../slack-events/indexes.ts';

export { ALL, type IndexDefinition, type IndexesOf } from './index-definition.ts';

/** Every declared index. A collection without indexes is only read by id. */
export const INDEXES = {
  accounts: accountIndexes,
  securityEvents: {},
  projects: projectIndexes,
  invitations: invitationIndexes,
  joinRequests: joinRequestIndexes,
  tokens: tokenIndexes,
  notifications: notificationIndexes,
  notificationReads: {},
  promoCodes: promoCodeIndexes,
  promoRedemptions: promoRedemptionIndexes,
  slackLinkCodes: slackLinkCodeIndexes,
  slackLinks: slackLinkIndexes,
  outbox: outboxIndexes,
  slackMessages: slackMessageIndexes,
  sessions: sessionIndexes,
  meta: {},
  throttles: throttleIndexes,
  sequences: {},
  slackEvents: slackEventIndexes,
} as const satisfies { readonly [C in CollectionKey]: IndexesOf<C> };

/** The name of a declared index of collection `C`. */
export type IndexName<C extends CollectionKey> = keyof (typeof INDEXES)[C] & string;

/** The definition of `collection`'s index `name`; throws on an undeclared one (a bug, not bad data). */
export function indexDefinition<C extends CollectionKey>(collection: C, name: string): IndexDefinition<C> {
  const definition = (INDEXES[collection] as IndexesOf<C>)[name];
  if (!definition) throw new Error(`no index ${collection}.${name} is declared (src/core/store/indexes.ts)`);
  return definition;
}

/** The declared indexes of `collection`, as [name, definition] pairs. */
export function indexesOf<C extends CollectionKey>(collection: C): [string, IndexDefinition<C>][] {
  return Object.entries(INDEXES[collection] as IndexesOf<C>);
}
