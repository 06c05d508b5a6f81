import { isAccountError, type AccountSummary, type Core, type SlackUser } from '../core/index.ts';
import { field, text } from './payload.ts';

/**
 * The acting user's team id, from ONE source for every kind of payload, in this order:
 * `user.team_id` (the user's own workspace; interactions carry it), then `team.id` (the workspace
 * the interaction came from), then `team_id` (all that slash commands and events carry).
 * Why one order: a link is keyed by (team, user), so if commands and clicks read different fields,
 * a user whose own workspace differs from the request's (Enterprise Grid, Slack Connect) would link
 * with one pair and be unknown on the next click. In the single-workspace install the manifest
 * describes, all of them are the same id.
 */
function teamIdOf(body: unknown): string | null {
  return (
    text(field(body, 'user', 'team_id')) ??
    text(field(body, 'team', 'id')) ??
    text(field(body, 'team_id')) ??
    text(field(body, 'event', 'view', 'team_id'))
  );
}

/** The acting user's id: `user_id` of a slash command, `event.user` of an event, `user.id` of an interaction. */
function userIdOf(body: unknown): string | null {
  if (typeof field(body, 'command') === 'string') return text(field(body, 'user_id'));
  if (field(body, 'type') === 'event_callback') return text(field(body, 'event', 'user'));
  return text(field(body, 'user', 'id'));
}

/**
 * The Slack user who acts, read ONLY from the signed request body (see `teamIdOf` for the team).
 * Ids inside button values or private_metadata never name the actor. Null when the body carries
 * no plausible ids.
 */
export function slackUserOf(body: unknown): SlackUser | null {
  return complete({ userId: userIdOf(body), teamId: teamIdOf(body) });
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
