import { isAccountError, type AccountSummary, type Core, type SlackUser } from '../core/index.ts';
import { field, text } from './payload.ts';

/**
 * The Slack user who acts, read ONLY from the signed request body: `user_id`/`team_id` of a slash
 * command, `user.id` with `user.team_id` (or `team.id`) of an interaction, `event.user` with
 * `team_id` of an event. Ids inside button values or private_metadata never name the actor.
 * Null when the body carries no plausible ids.
 */
export function slackUserOf(body: unknown): SlackUser | null {
  const command = { userId: text(field(body, 'user_id')), teamId: text(field(body, 'team_id')) };
  if (typeof field(body, 'command') === 'string') return complete(command);
  const eventUser = text(field(body, 'event', 'user'));
  if (field(body, 'type') === 'event_callback') {
    return complete({ userId: eventUser, teamId: text(field(body, 'team_id')) ?? text(field(body, 'event', 'view', 'team_id')) });
  }
  return complete({
    userId: text(field(body, 'user', 'id')),
    teamId: text(field(body, 'user', 'team_id')) ?? text(field(body, 'team', 'id')),
  });
}

function complete(ids: { userId: string | null; teamId: string | null }): SlackUser | null {
  return ids.userId && ids.teamId ? { userId: ids.userId, teamId: ids.teamId } : null;
}

/**
 * The account the Slack user acts for, or null when it has not linked one (or its ids are not
 * acceptable Slack ids: treated the same, the user gets the linking instructions).
 */
export async function accountFor(core: Core, user: SlackUser): Promise<AccountSummary | null> {
  try {
    return await core.slackLink.accountForSlackUser(user);
  } catch (error) {
    if (isAccountError(error, 'INVALID_INPUT')) return null;
    throw error;
  }
}
