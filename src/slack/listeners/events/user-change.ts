import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { isAccountError } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { logFailure } from '../../log.ts';
import { field, text } from '../../payload.ts';
import { handleOf } from '../../slack-names.ts';

/** Longest id read from the event (the core checks them again). */
const ID_MAX_LENGTH = 64;

/**
 * `user_change` (scope `users:read`): someone in the workspace changed their profile. When it is
 * a linked Slack user, the handle the dashboard shows follows; anyone else costs one read and no
 * write (Slack sends this for every profile change in the workspace). The changed user is the
 * event's `user` object, not an actor: nothing here acts on an account.
 */
export function userChange(deps: SlackDeps) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs): Promise<void> => {
    const changed: unknown = event.user;
    const userId = text(field(changed, 'id'), ID_MAX_LENGTH);
    const teamId = text(field(changed, 'team_id'), ID_MAX_LENGTH) ?? text(field(body, 'team_id'), ID_MAX_LENGTH);
    const enterpriseId = text(field(changed, 'enterprise_user', 'enterprise_id'), ID_MAX_LENGTH) ?? text(field(body, 'enterprise_id'), ID_MAX_LENGTH);
    if (!userId || !teamId) return;
    try {
      await deps.core.slackLink.rememberNames({ userId, teamId, ...(enterpriseId ? { enterpriseId } : {}), handle: handleOf(changed) });
    } catch (error) {
      // Ids that are not Slack's shape name nobody linked: nothing to update.
      if (!isAccountError(error, 'INVALID_INPUT')) logFailure(deps.logger, 'updating a linked Slack user’s handle', error);
    }
  };
}
