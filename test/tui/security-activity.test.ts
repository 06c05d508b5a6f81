import { describe, expect, it } from 'vitest';
import { SECURITY_EVENT_TYPES } from '../../src/core/index.ts';
import { eventLabel } from '../../src/tui/messages.ts';
import { eventSentence, eventSource } from '../../src/tui/security-words.ts';

const event = (type: string, details: Record<string, string | number | boolean | null>) => ({ id: 'evt_1', type, at: '2026-01-15T09:00:00.000Z', details });
/** What a stored key looks like on screen: `name: value`, or an error code. */
const INTERNAL = /\b(mfa|via|reason|wasLocked|by|from|hint|userId|teamId|failures|retryAfter): |[A-Z]{2,}_[A-Z_]+|\b[a-z]+[A-Z][a-z]\w*\b/;

describe('security activity in words', () => {
  it('has a label and a sentence for every event type, with no stored key in it', () => {
    for (const type of SECURITY_EVENT_TYPES) {
      expect(eventLabel(type)).not.toBe(type);
      const sentence = eventSentence(event(type, {}));
      expect(sentence).toMatch(/^[A-Z].*\.$/);
      expect(sentence).not.toMatch(INTERNAL);
    }
    expect(eventLabel('slack.link_replaced')).toBe('Slack link moved to another Slack user');
  });

  it('says where a sign-in came from, and why a code was refused, without the stored keys', () => {
    expect(eventSentence(event('login.succeeded', { via: 'ssh', from: 'ssh from 203.0.113.5', mfa: true }))).toBe('You signed in from ssh from 203.0.113.5.');
    expect(eventSentence(event('login.succeeded', { via: 'slack' }))).toBe('You signed in through Slack.');
    expect(eventSentence(event('mfa.code_failed', { via: 'dashboard', from: 'local terminal', reason: 'MFA_CODE_REUSED' }))).toBe(
      'A wrong authentication code was entered from local terminal: it had been used already.',
    );
    expect(eventSentence(event('account.unlocked', { by: 'operator', wasLocked: true }))).toBe('An operator unlocked the account.');
    expect(eventSource(event('account.unlocked', { by: 'operator', wasLocked: true }))).toBe('an operator');
  });

  it('names the Slack users of a link moved to another Slack user, leaving team ids out', () => {
    expect(eventSentence(event('slack.link_replaced', { userId: 'U0EVE', previousUserId: 'U0ANN', teamId: 'T1', previousTeamId: 'T1' }))).toBe(
      'The Slack link moved to Slack user U0EVE, replacing Slack user U0ANN.',
    );
  });

  it('says why a token was deleted when Slack never showed it, and who rotated or revoked one', () => {
    expect(eventSentence(event('token.deleted', { description: 'CI', hint: 'abcd', reason: 'not_shown' }))).toBe(
      'Access token “CI” (…abcd) was deleted at once: Slack closed the window before it was shown.',
    );
    expect(eventSentence(event('token.rotated', { description: 'CI', hint: 'abcd', newHint: 'efgh', graceUntil: '2026-01-15T10:00:00.000Z', source: 'api' }))).toMatch(
      /^Access token “CI” \(…abcd\) was replaced by …efgh through the Management API; the old one works until 15 Jan 2026, \d\d:00 [A-Z][\w+-]+\.$/,
    );
    expect(eventSentence(event('token.revoked', { description: 'CI', hint: 'abcd', reason: 'leaked', source: 'slack_leak_detection', where: 'Slack channel C1' }))).toBe(
      'Access token “CI” (…abcd) was revoked because it leaked, after it was posted in a Slack channel (Slack channel C1).',
    );
    expect(eventSentence(event('token.revoked', { description: 'CI', hint: 'efgh', reason: 'reuse', source: 'reuse_detection', reusedHint: 'abcd' }))).toBe(
      'Access token “CI” (…efgh) was revoked because …abcd, a token it replaced, was used again.',
    );
  });

  it('makes stored text one safe line: no line breaks or escape sequences from a description reach the screen', () => {
    expect(eventSentence(event('token.created', { description: 'a\nb\x1b[31m', hint: 'abcd' }))).toBe('Access token “a b” (…abcd) was created.');
  });

  it('says plainly when an event type is newer than this dashboard', () => {
    expect(eventSentence(event('something.new', { secretish: 'x' }))).toBe('A security event this version of the dashboard does not know.');
  });
});
