import { isAccountError, type AccountSummary, type Core, type SlackUser } from '../core/index.ts';
import { field, text } from './payload.ts';

/**
 * The acting user's team id, from ONE source for every kind of payload, in this order:
 * `user.team_id` (the user's own workspace; interactions carry it), then `team.id` (the workspace
 * the interaction came from), then `team_id` (all that slash commands and events carry).
 * The team is shown to people (the dashboard's "Slack user U… in team T…"), never part of the
 * identity: a command and a click from one user can carry different team ids (Enterprise Grid,
 * Slack Connect), so a link is keyed by enterprise and user id (see `enterpriseIdOf`).
 */
function teamIdOf(body: unknown): string | null {
  return (
    text(field(body, 'user', 'team_id')) ??
    text(field(body, 'team', 'id')) ??
    text(field(body, 'team_id')) ??
    text(field(body, 'event', 'view', 'team_id'))
  );
}

/**
 * The Enterprise Grid org of the request, or null outside one: `enterprise.id` of an interaction,
 * `enterprise_id` of a slash command or an event. Constant across the org's workspaces, so with
 * the user id it names the user wherever they act from (see the core's slackUserKey).
 */
function enterpriseIdOf(body: unknown): string | null {
  return text(field(body, 'enterprise', 'id')) ?? text(field(body, 'enterprise_id'));
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
  return complete({ userId: userIdOf(body), teamId: teamIdOf(body), enterpriseId: enterpriseIdOf(body) });
}

function complete(ids: { userId: string | null; teamId: string | null; enterpriseId: string | null }): SlackUser | null {
  if (!ids.userId || !ids.teamId) return null;
  return { userId: ids.userId, teamId: ids.teamId, ...(ids.enterpriseId ? { enterpriseId: ids.enterpriseId } : {}) };
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
