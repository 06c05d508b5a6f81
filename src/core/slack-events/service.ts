import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { ALL } from '../store/indexes.ts';
import { addMs, iso } from '../shared/time.ts';
import { SLACK_EVENT_ID_MAX_LENGTH, SLACK_EVENT_MEMORY_MINUTES, SLACK_EVENT_SWEEP_BATCH } from './constants.ts';

const EVENT_ID = new RegExp(`^[A-Za-z0-9._-]{1,${SLACK_EVENT_ID_MAX_LENGTH}}$`);

/**
 * Which Slack Events API deliveries were handled already. Kept in the store, not in a process: a
 * retry may reach another replica (HTTP behind a load balancer, or another Socket Mode connection).
 */
export function createSlackEventsService(ctx: CoreContext) {
  const { store, clock } = ctx;
  return {
    /**
     * True the first time `eventId` is seen within SLACK_EVENT_MEMORY_MINUTES, false for a retry
     * of it (by any process on the store): act only on true. One short transaction, which also
     * forgets a few expired records. INVALID_INPUT for an id that is not Slack-shaped.
     */
    async firstDelivery(eventId: string): Promise<boolean> {
      if (typeof eventId !== 'string' || !EVENT_ID.test(eventId) || eventId === '__proto__') {
        throw new AccountError('INVALID_INPUT', `A Slack event id is 1–${SLACK_EVENT_ID_MAX_LENGTH} letters, digits, dots, dashes or underscores.`);
      }
      const now = clock.now();
      return store.transact(async (tx) => {
        const expired = await tx.page('slackEvents', 'expiry', { key: ALL, limit: SLACK_EVENT_SWEEP_BATCH, before: iso(now) });
        for (const record of expired.items) tx.delete('slackEvents', record.eventId);
        const seen = await tx.get('slackEvents', eventId);
        if (seen && seen.expiresAt > iso(now)) return false;
        tx.put('slackEvents', eventId, { eventId, receivedAt: iso(now), expiresAt: iso(addMs(now, SLACK_EVENT_MEMORY_MINUTES * 60_000)) });
        return true;
      });
    },
  };
}

export type SlackEventsService = ReturnType<typeof createSlackEventsService>;
