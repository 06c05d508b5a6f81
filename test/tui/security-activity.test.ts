import { describe, expect, it } from 'vitest';
import { SECURITY_EVENT_TYPES } from '../../src/core/index.ts';
import { eventLabel } from '../../src/tui/messages.ts';
import { describeDetails } from '../../src/tui/screens/settings/SecurityActivityView.tsx';

const event = (type: string, details: Record<string, string | number | boolean | null>) => ({ id: 'evt_1', type, at: '2026-01-15T09:00:00.000Z', details });

describe('security activity in words', () => {
  it('has a label for every event type, the Slack link moving to another Slack user included', () => {
    for (const type of SECURITY_EVENT_TYPES) expect(eventLabel(type)).not.toBe(type);
    expect(eventLabel('slack.link_replaced')).toBe('Slack link moved to another Slack user');
  });

  it('names the Slack users of a link moved to another Slack user, leaving team ids out', () => {
    const details = describeDetails(event('slack.link_replaced', { userId: 'U0EVE', previousUserId: 'U0ANN', teamId: 'T1', previousTeamId: 'T1' }));
    expect(details).toBe('Slack user U0EVE · replacing Slack user U0ANN');
  });

  it('says why a token was deleted when Slack never showed it', () => {
    expect(describeDetails(event('token.deleted', { description: 'CI', hint: 'abcd', reason: 'not_shown' }))).toContain('never shown');
  });

  it('says who rotated a token and until when the old one works, and why and by whom one was revoked', () => {
    expect(describeDetails(event('token.rotated', { description: 'CI', hint: 'abcd', newHint: 'efgh', graceUntil: '2026-01-15T10:00:00.000Z', expiresAt: '2026-02-14T09:00:00.000Z', source: 'api' }))).toMatch(
      /^CI · …abcd · replaced by …efgh · the old token works until 15 Jan 2026, \d\d:00 · expiresAt .* · through the Management API$/,
    );
    expect(describeDetails(event('token.revoked', { description: 'CI', hint: 'abcd', reason: 'leaked', source: 'slack_leak_detection', where: 'Slack channel C1' }))).toBe(
      'CI · …abcd · it leaked · posted in a Slack channel · Slack channel C1',
    );
    expect(describeDetails(event('token.revoked', { description: 'CI', hint: 'efgh', reason: 'reuse', source: 'reuse_detection', reusedHint: 'abcd' }))).toBe(
      'CI · …efgh · a token it replaced was used again · by reuse detection · after …abcd was used again past its grace window',
    );
  });
});
