import type { IndexesOf } from '../store/index-definition.ts';

/** Handled Slack events by the instant they can be forgotten (sweeping the expired ones). */
export const slackEventIndexes = {
  expiry: { keys: () => ['*'], sort: (event) => event.expiresAt },
} as const satisfies IndexesOf<'slackEvents'>;
