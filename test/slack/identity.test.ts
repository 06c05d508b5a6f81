import { describe, expect, it } from 'vitest';
import { slackUserOf } from '../../src/slack/identity.ts';

describe('the acting Slack user', () => {
  const command = { command: '/kbc', text: 'status', user_id: 'U0ANN', team_id: 'T0001' };
  const click = (user: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ type: 'block_actions', user: { id: 'U0ANN', ...user }, ...rest });

  it('reads the team id from one source, in one order, for commands, clicks and events', () => {
    const ann = { userId: 'U0ANN', teamId: 'T0001' };
    expect(slackUserOf(command)).toEqual(ann);
    expect(slackUserOf(click({ team_id: 'T0001' }, { team: { id: 'T0001' } }))).toEqual(ann);
    expect(slackUserOf({ type: 'event_callback', team_id: 'T0001', event: { type: 'app_home_opened', user: 'U0ANN' } })).toEqual(ann);
    // The user's own workspace first (it differs from the request's in Slack Connect and Grid) …
    expect(slackUserOf(click({ team_id: 'T0HOME' }, { team: { id: 'T0001' }, team_id: 'T0001' }))).toEqual({ userId: 'U0ANN', teamId: 'T0HOME' });
    // … then the workspace of the request, whichever field carries it.
    expect(slackUserOf(click({}, { team: { id: 'T0001' } }))).toEqual(ann);
    expect(slackUserOf(click({}, { team_id: 'T0001' }))).toEqual(ann);
  });

  it('reads the Enterprise Grid org of commands, clicks and events, and leaves it out where there is none', () => {
    const grid = { userId: 'W0ANN', teamId: 'T0001', enterpriseId: 'E0ACME' };
    expect(slackUserOf({ ...command, user_id: 'W0ANN', enterprise_id: 'E0ACME' })).toEqual(grid);
    expect(slackUserOf({ type: 'block_actions', user: { id: 'W0ANN', team_id: 'T0001' }, enterprise: { id: 'E0ACME', name: 'Acme' } })).toEqual(grid);
    expect(slackUserOf({ type: 'event_callback', team_id: 'T0001', enterprise_id: 'E0ACME', event: { type: 'app_home_opened', user: 'W0ANN' } })).toEqual(grid);
    expect(slackUserOf(click({ team_id: 'T0001' }, { enterprise: null }))).not.toHaveProperty('enterpriseId');
  });

  it('is nobody when the ids are missing or not strings', () => {
    expect(slackUserOf({ ...command, user_id: undefined })).toBeNull();
    expect(slackUserOf(click({ id: 42, team_id: 'T0001' }))).toBeNull();
    expect(slackUserOf(click({}))).toBeNull();
  });
});
