import type { IndexesOf } from '../store/index-definition.ts';

/** Throttles by the instant they can be forgotten (sweeping the expired ones). */
export const throttleIndexes = {
  expiry: { keys: () => ['*'], sort: (throttle) => throttle.expiresAt },
} as const satisfies IndexesOf<'throttles'>;
