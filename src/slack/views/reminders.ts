import { ACTION, BLOCK } from '../ids.ts';
import { actions, button, context, section, type MessageContent } from './blocks.ts';
import { daysUntil, plural, slackDate } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';
import { projectUrlOf } from './invitations.ts';
import { mrkdwnLink } from './notifications.ts';

/** The project a reminder is about (from the outbox payload). */
export interface ReminderProject {
  readonly projectName: string;
  /** Its page is KBC_PROJECT_BASE_URL plus this number. */
  readonly projectNumericId?: number | null;
}

/** What a `membership.expiring` DM shows. */
export interface MembershipExpiringInfo extends ReminderProject {
  /** When the membership ends, as it stood when the reminder was queued. */
  readonly expiresAt: string;
}

/** What a `project.mfa-required` DM shows. */
export interface MfaDeadlineInfo extends ReminderProject {
  /** Until when a member without MFA keeps access. */
  readonly deadline: string;
}

/**
 * How the membership stands when its reminder is rendered: `live` (still ending then), `moved` (an
 * operator extended it: `until`, or null for no end any more), `ended` (it ended, or the member
 * left or was removed).
 */
export type MembershipState = { readonly kind: 'live' } | { readonly kind: 'moved'; readonly until: string | null } | { readonly kind: 'ended' };

/** How an MFA deadline stands when its DM is rendered. */
export type MfaDeadlineState = 'live' | 'mfa-on' | 'lifted' | 'not-member';

/** The project's name in bold, linked to its page when KBC_PROJECT_BASE_URL is set. */
function projectText(info: ReminderProject, projectBaseUrl: string | null): string {
  const url = projectUrlOf(projectBaseUrl, info.projectNumericId);
  return url ? `*${mrkdwnLink(url, info.projectName)}*` : `*${escapeMrkdwn(info.projectName)}*`;
}

/**
 * The reminder DM before a time-boxed membership ends (7 days and 1 day before): the project, the
 * date, what to do, and "My projects". Once the membership was extended or has ended, it says so
 * instead, without the advice.
 */
export function membershipExpiringMessage(info: MembershipExpiringInfo, now: Date, state: MembershipState, projectBaseUrl: string | null = null): MessageContent {
  const project = projectText(info, projectBaseUrl);
  const myProjects = actions(BLOCK.reminderActions, [button('My projects', ACTION.openProjects)]);
  if (state.kind === 'moved') {
    const body = state.until
      ? `:white_check_mark: Your membership of ${project} was extended: it now ends ${slackDate(state.until)}.`
      : `:white_check_mark: Your membership of ${project} no longer has an end date.`;
    return { text: `Your membership of ${escapeText(info.projectName)} was extended.`, blocks: [section(body, { blockId: BLOCK.membershipReminder }), myProjects] };
  }
  if (state.kind === 'ended' || new Date(info.expiresAt).getTime() <= now.getTime()) {
    return {
      text: `Your membership of ${escapeText(info.projectName)} has ended.`,
      blocks: [
        section(`:hourglass: Your membership of ${project} ended ${slackDate(info.expiresAt)}. Ask one of its admins if you need access again, or ask to join it: \`/kbc request-access\`.`, {
          blockId: BLOCK.membershipReminder,
        }),
        actions(BLOCK.reminderActions, [button('Ask to join again', ACTION.openRequestAccess), button('My projects', ACTION.openProjects)]),
      ],
    };
  }
  const days = daysUntil(info.expiresAt, now);
  return {
    text: `Your membership of ${escapeText(info.projectName)} ends in ${plural(days, 'day')}.`,
    blocks: [
      section(
        `:hourglass_flowing_sand: Your membership of ${project} ends ${slackDate(info.expiresAt)} — in ${plural(days, 'day')}.\n` +
          'After that you can no longer open the project. If you still need it, ask one of its admins to extend your membership.',
        { blockId: BLOCK.membershipReminder },
      ),
      myProjects,
    ],
  };
}

/**
 * The DM to a member without MFA of a project that now requires it: the project, the deadline, and
 * the button that opens the MFA steps (as the guided Accept has). Past the deadline it says the
 * project is closed to them until MFA is on; once MFA is on, or the requirement lifted, that
 * nothing is left to do.
 */
export function mfaDeadlineMessage(info: MfaDeadlineInfo, now: Date, state: MfaDeadlineState, projectBaseUrl: string | null = null): MessageContent {
  const project = projectText(info, projectBaseUrl);
  const name = escapeText(info.projectName);
  switch (state) {
    case 'mfa-on':
      return {
        text: `${name} requires MFA; yours is on.`,
        blocks: [section(`:white_check_mark: ${project} requires multi-factor authentication, and yours is on: nothing left to do.`, { blockId: BLOCK.mfaDeadline })],
      };
    case 'lifted':
      return {
        text: `${name} no longer requires MFA.`,
        blocks: [section(`:white_check_mark: ${project} no longer requires multi-factor authentication: nothing left to do.`, { blockId: BLOCK.mfaDeadline })],
      };
    case 'not-member':
      return {
        text: `You are no longer a member of ${name}.`,
        blocks: [section(`:information_source: You are no longer a member of ${project}, so its MFA deadline no longer concerns you.`, { blockId: BLOCK.mfaDeadline })],
      };
    case 'live':
      break;
  }
  const steps = actions(BLOCK.reminderActions, [button('How to enable MFA', ACTION.openMfaSteps, { style: 'primary' })]);
  if (new Date(info.deadline).getTime() <= now.getTime()) {
    return {
      text: `You cannot open ${name} until you enable MFA.`,
      blocks: [
        section(`:no_entry: ${project} requires multi-factor authentication and its deadline passed ${slackDate(info.deadline)}: you cannot open it until you enable MFA.`, {
          blockId: BLOCK.mfaDeadline,
        }),
        steps,
      ],
    };
  }
  return {
    text: `${name} requires MFA: enable it by the deadline.`,
    blocks: [
      section(
        `:lock: ${project} now requires its members to have multi-factor authentication. Yours is off: enable it by ${slackDate(info.deadline)}.\n` +
          'After that you cannot open the project until you do.',
        { blockId: BLOCK.mfaDeadline },
      ),
      steps,
      context('MFA is enabled in the dashboard (Account Settings › Account & Security), where the QR code can be scanned.'),
    ],
  };
}
