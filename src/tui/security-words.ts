import type { SecurityActivity, SecurityEventType, SessionEndReason } from '../core/index.ts';
import { dateTime, day } from './format.ts';
import { oneLine } from './safe-text.ts';

/*
 * Security activity in the account holder's words: a sentence for each event, and where it came
 * from. The stored details are names and values meant for programs (`mfa: true`,
 * `reason: MFA_CODE_REUSED`); none of them reaches the screen as such.
 */

type Details = SecurityActivity['details'];

const text = (details: Details, name: string): string | null => {
  const value = Object.hasOwn(details, name) ? details[name] : null;
  return value === null || value === undefined || value === '' ? null : oneLine(String(value));
};

/** The front ends a session or an action can come through, as people call them. */
const FRONT_WORDS: Readonly<Record<string, string>> = {
  dashboard: 'the dashboard',
  ssh: 'the dashboard over SSH',
  api: 'the Management API',
  slack: 'Slack',
  cli: 'the command line',
  operator: 'an operator',
};

/** Who rotated or revoked a token. */
const SOURCE_WORDS: Readonly<Record<string, string>> = {
  api: 'through the Management API',
  dashboard: 'in the dashboard',
  slack: 'in Slack',
  public_revocation: 'after it was reported through the public revocation endpoint',
  slack_leak_detection: 'after it was posted in a Slack channel',
  reuse_detection: 'by reuse detection',
};

/** Why a wrong code was refused (the core's error code). */
const CODE_WORDS: Readonly<Record<string, string>> = {
  MFA_CODE_INVALID: 'it was not the current code',
  MFA_CODE_REUSED: 'it had been used already',
  MFA_CODE_MALFORMED: 'it was not 6 digits',
};

/** Why sessions ended; a `Record` over the core's reasons, so a new reason needs its words here. */
const END_WORDS: Readonly<Record<SessionEndReason, string>> = {
  signed_out: 'You signed out',
  signed_out_remotely: 'A session was signed out from another session',
  signed_out_everywhere: 'You signed out everywhere',
  reauth_failed: 'A session ended: the password was asked for again and not given',
  password_changed: 'Sessions ended because the password changed',
  mfa_disabled: 'Sessions ended because multi-factor authentication was turned off',
  mfa_reset: 'Sessions ended because an operator reset multi-factor authentication',
  locked: 'Sessions ended because the account was locked',
};

/** "from ssh from 203.0.113.5" / "through Slack": where an event came from, or null when not recorded. */
export function eventSource(event: SecurityActivity): string | null {
  const from = text(event.details, 'from');
  if (from) return from;
  const via = text(event.details, 'via') ?? text(event.details, 'by');
  if (via) return FRONT_WORDS[via] ?? via;
  const source = text(event.details, 'source');
  return source ? (SOURCE_WORDS[source] ?? source) : null;
}

const quoted = (value: string | null) => (value ? `“${value}”` : 'a token');
const tokenName = (details: Details) => {
  const hint = text(details, 'hint');
  return `${quoted(text(details, 'description'))}${hint ? ` (…${hint})` : ''}`;
};
const when = (value: string | null) => (value ? dateTime(value) : 'later');
const count = (value: string | null, word: string) => (value === null ? `several ${word}s` : `${value} ${word}${value === '1' ? '' : 's'}`);
const fromPart = (event: SecurityActivity) => {
  const source = eventSource(event);
  if (!source) return '';
  return text(event.details, 'from') ? ` from ${source}` : ` through ${source}`;
};

/** The event as one sentence in plain words, ending with a full stop. */
export function eventSentence(event: SecurityActivity): string {
  const d = event.details;
  const project = text(d, 'projectName') ?? 'a project';
  const role = text(d, 'role');
  const sentences: Record<SecurityEventType, () => string> = {
    'account.created': () => 'Your account was created.',
    'login.succeeded': () => `You signed in${fromPart(event)}.`,
    'login.failed': () => `Someone tried to sign in with a wrong password${fromPart(event)}.`,
    'login.locked': () => `Sign-in was locked until ${when(text(d, 'until'))} after too many wrong codes.`,
    'login.throttled': () => `Sign-in was paused after ${count(text(d, 'failures'), 'failed attempt')}; the next attempt was allowed after ${when(text(d, 'retryAfter'))}.`,
    'account.unlocked': () => (d['wasLocked'] === false ? 'An operator unlocked the account (it was not locked).' : 'An operator unlocked the account.'),
    'password.changed': () => 'Your password was changed.',
    'password.change_failed': () => 'A password change was refused: the current password given was wrong.',
    'mfa.enabled': () => 'Multi-factor authentication was turned on.',
    'mfa.disabled': () => 'Multi-factor authentication was turned off.',
    'mfa.reset': () => 'An operator reset multi-factor authentication.',
    'mfa.code_failed': () => {
      const why = CODE_WORDS[text(d, 'reason') ?? ''];
      return `A wrong authentication code was entered${fromPart(event)}${why ? `: ${why}` : ''}.`;
    },
    'mfa.recovery_code_used': () => `A recovery code was used to sign in; ${count(text(d, 'left'), 'code')} left.`,
    'mfa.recovery_codes_regenerated': () => 'New recovery codes were made; the old ones stopped working.',
    'token.created': () => `Access token ${tokenName(d)} was created${text(d, 'expiresAt') ? `; it expires on ${day(text(d, 'expiresAt')!)}` : ''}.`,
    'token.deleted': () =>
      text(d, 'reason') === 'not_shown'
        ? `Access token ${tokenName(d)} was deleted at once: Slack closed the window before it was shown.`
        : `Access token ${tokenName(d)} was deleted.`,
    'token.expiring': () => `Access token ${tokenName(d)} expires on ${text(d, 'expiresAt') ? day(text(d, 'expiresAt')!) : 'a day soon'}.`,
    'token.rotated': () => {
      const next = text(d, 'newHint');
      const grace = text(d, 'graceUntil');
      const source = SOURCE_WORDS[text(d, 'source') ?? ''];
      return `Access token ${tokenName(d)} was replaced${next ? ` by …${next}` : ''}${source ? ` ${source}` : ''}${grace ? `; the old one works until ${dateTime(grace)}` : ''}.`;
    },
    'token.revoked': () => {
      const reason = text(d, 'reason');
      const source = SOURCE_WORDS[text(d, 'source') ?? ''];
      const where = text(d, 'where');
      if (reason === 'reuse') return `Access token ${tokenName(d)} was revoked because ${text(d, 'reusedHint') ? `…${text(d, 'reusedHint')!}, a token it replaced,` : 'a token it replaced'} was used again.`;
      return `Access token ${tokenName(d)} was revoked because it leaked${source ? `, ${source}` : ''}${where ? ` (${where})` : ''}.`;
    },
    'invitation.received': () => `You were invited to ${project}${role ? ` as ${role}` : ''}${text(d, 'invitedBy') ? ` by ${text(d, 'invitedBy')!}` : ''}.`,
    'invitation.accepted': () => `You accepted the invitation to ${project}.`,
    'invitation.declined': () => `You declined the invitation to ${project}.`,
    'invitation.cancelled': () => `The invitation to ${project} was cancelled by the sender.`,
    'project.joined': () => `You joined ${project}${role ? ` as ${role}` : ''}${text(d, 'via') === 'operator' ? ' (added by an operator)' : ''}.`,
    'project.removed': () => `You were removed from ${project}.`,
    'project.left': () => `You left ${project}.`,
    'project.membership_expired': () => `Your time-boxed membership of ${project} ended${text(d, 'expiresAt') ? ` on ${day(text(d, 'expiresAt')!)}` : ''}.`,
    'project.membership_extended': () => `Your membership of ${project} was extended${text(d, 'expiresAt') ? ` until ${day(text(d, 'expiresAt')!)}` : ''}.`,
    'project.mfa_required': () => `${text(d, 'projectName') ?? 'A project'} started to require multi-factor authentication; without it you lose access after ${when(text(d, 'deadline'))}.`,
    'join_request.created': () => `You asked to join ${project}${fromPart(event)}.`,
    'join_request.cancelled': () => `You cancelled your request to join ${project}.`,
    'join_request.rejected': () => `Your request to join ${project} was rejected.`,
    'promo.redeemed': () => `You redeemed ${text(d, 'code') ? `promo code ${text(d, 'code')!}` : 'a promo code'}, which created the project ${project}.`,
    'promo.throttled': () => `Promo code attempts were paused after ${count(text(d, 'failures'), 'wrong code')}, until ${when(text(d, 'retryAfter'))}.`,
    'slack.link_code_created': () => `A Slack link code was made; it worked until ${when(text(d, 'expiresAt'))}.`,
    'slack.linked': () => `Slack user ${text(d, 'userId') ?? ''} was linked to this account.`,
    'slack.unlinked': () => `Slack user ${text(d, 'userId') ?? ''} was unlinked from this account${fromPart(event)}.`,
    'session.ended': () => {
      const reason = text(d, 'reason') ?? '';
      const sessions = text(d, 'count');
      const base = (END_WORDS as Record<string, string | undefined>)[reason] ?? 'A session ended';
      const target = text(d, 'from');
      return `${base}${target && reason === 'signed_out_remotely' ? ` (${target})` : ''}${sessions && reason !== 'signed_out' ? `: ${count(sessions, 'session')}` : ''}.`;
    },
    'slack.link_throttled': () => `Slack link attempts for this account were paused after ${count(text(d, 'failures'), 'wrong code')}, until ${when(text(d, 'retryAfter'))}.`,
    'slack.outbox_retried': () => 'An operator sent a failed Slack message to you again.',
    'slack.outbox_discarded': () => 'An operator discarded a Slack message to you that was not delivered.',
    'slack.link_replaced': () => `The Slack link moved to Slack user ${text(d, 'userId') ?? ''}, replacing Slack user ${text(d, 'previousUserId') ?? ''}.`,
  };
  const sentence = (sentences as Record<string, (() => string) | undefined>)[event.type];
  // A type added by a newer process: say so plainly rather than show its key.
  return sentence ? sentence() : 'A security event this version of the dashboard does not know.';
}
