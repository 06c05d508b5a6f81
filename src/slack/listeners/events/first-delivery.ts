import type { SlackDeps } from '../../context.ts';
import { logFailure } from '../../log.ts';
import { field, text } from '../../payload.ts';

/**
 * Whether this Events API delivery is the first of its `event_id` (a retry after a slow answer,
 * Slack's `x-slack-retry-num`, is not): asked of the core's store, so a retry that reaches
 * another replica is recognised too. Events without an id, or when the store cannot answer, are
 * handled (acting twice, e.g. publishing a Home tab again, beats not acting).
 */
export async function firstDelivery(deps: SlackDeps, body: unknown): Promise<boolean> {
  const eventId = text(field(body, 'event_id'), 100);
  if (!eventId) return true;
  try {
    const first = await deps.core.slackEvents.firstDelivery(eventId);
    if (!first) deps.logger.info(`kbc-account slack: ignored a repeated delivery of event ${eventId}`);
    return first;
  } catch (error) {
    logFailure(deps.logger, `checking whether event ${eventId} was handled`, error);
    return true;
  }
}
