import type { AllMiddlewareArgs, AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt';
import { LISTENED_ACTIONS, LISTENED_VIEWS } from './ids.ts';
import { slackUserOf } from './identity.ts';
import { field, firstAction, text } from './payload.ts';

/**
 * Why a signed request is not something this app handles, or null when it is. Checked before any
 * listener, so a malformed or unexpected payload is acknowledged and dropped, never half-handled.
 */
export function refusalOf(body: unknown): string | null {
  const type = field(body, 'type');
  if (typeof field(body, 'command') === 'string') {
    return slackUserOf(body) ? null : 'a slash command without user or team id';
  }
  if (type === 'block_actions') {
    const actionId = text(firstAction(body)?.['action_id']);
    if (!actionId) return 'an action without action_id';
    if (!(LISTENED_ACTIONS as readonly string[]).includes(actionId)) return `an unknown action (${actionId.slice(0, 60)})`;
    return slackUserOf(body) ? null : 'an action without user or team id';
  }
  if (type === 'view_submission' || type === 'view_closed') {
    const callbackId = text(field(body, 'view', 'callback_id'));
    if (!callbackId || !(LISTENED_VIEWS as readonly string[]).includes(callbackId)) return `a ${type} of an unknown view`;
    return slackUserOf(body) ? null : `a ${type} without user or team id`;
  }
  if (type === 'event_callback') {
    if (field(body, 'event', 'type') !== 'app_home_opened') return null; // Bolt acked it; no listener matches
    return slackUserOf(body) ? null : 'an app_home_opened event without user or team id';
  }
  return `an unsupported payload type (${typeof type === 'string' ? type.slice(0, 40) : typeof type})`;
}

/**
 * The first global middleware: acknowledges and drops requests no listener can handle safely
 * (missing ids, unknown action or view ids, unsupported types), logging only what kind it was.
 */
export function payloadGuard(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const refusal = refusalOf(args.body);
    if (refusal === null) {
      await args.next();
      return;
    }
    logger.warn(`kbc-account slack: ignored ${refusal}`);
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}
