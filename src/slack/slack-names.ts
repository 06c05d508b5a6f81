import type { SlackUser } from '../core/index.ts';
import type { SlackClient, SlackDeps } from './context.ts';
import { describeError } from './log.ts';
import { field, text } from './payload.ts';

/**
 * The name Slack shows for a user, from a `users.info` user or a `user_change` event's user: the
 * display name people set, else their full name, else the account name. Null when none is there.
 * The core decides whether it is safe to show.
 */
export function handleOf(user: unknown): string | null {
  for (const path of [['profile', 'display_name'], ['profile', 'real_name'], ['real_name'], ['name']]) {
    const value = field(user, ...path);
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/**
 * After `/kbc link`: asks Slack for the user's handle (`users.info`, scope `users:read`) and the
 * workspace name (`team.info`, scope `team:read`) and has the core keep them, so the dashboard
 * says "Linked to @ann in Acme Data" instead of ids. Both calls run after the reply, so linking
 * never waits on them; one Slack refuses (a scope not granted, a user from another org) only
 * leaves that name out, and the operator is told in the log.
 */
export async function rememberSlackNames(deps: SlackDeps, client: SlackClient, user: SlackUser): Promise<void> {
  const asked = (what: string) => (error: unknown) => {
    deps.logger.warn(`kbc-account slack: ${what} failed (${describeError(error)}); the dashboard shows the Slack ids instead`);
    return undefined;
  };
  const [handle, teamName] = await Promise.all([
    client.users.info({ user: user.userId }).then((answer) => handleOf(answer.user) ?? undefined, asked('users.info')),
    client.team.info({ team: user.teamId }).then((answer) => text(field(answer, 'team', 'name'), 1_000) ?? undefined, asked('team.info')),
  ]);
  if (handle === undefined && teamName === undefined) return;
  try {
    await deps.core.slackLink.rememberNames({ ...user, ...(handle === undefined ? {} : { handle }), ...(teamName === undefined ? {} : { teamName }) });
  } catch (error) {
    asked('keeping the Slack names')(error);
  }
}
