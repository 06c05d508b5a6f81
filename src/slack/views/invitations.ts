import type { types } from '@slack/bolt';
import type { InvitationView, Role } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK, itemBlockId } from '../ids.ts';
import { actions, button, context, divider, modal, noticeBlocks, section, type Block, type MessageContent, type Notice } from './blocks.ts';
import { plural, slackDate, truncate } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';
import { mrkdwnLink } from './notifications.ts';

/** What every invitation message shows, from a core view or an outbox payload. */
export interface InvitationInfo {
  readonly invitationId: string;
  readonly projectName: string;
  readonly role: Role | string;
  readonly invitedBy: string;
  readonly reason: string | null;
  readonly expiresAt: string;
  /** The project requires MFA: said up front, since Accept needs it. */
  readonly projectRequiresMfa?: boolean;
  /** The inviter's Slack user id when they are linked: shown as a mention instead of `invitedBy`. */
  readonly inviterSlackUserId?: string | null;
  /** The project's numeric id (its page is KBC_PROJECT_BASE_URL plus it). */
  readonly projectNumericId?: number | null;
  /** The project's page, when the operator configured KBC_PROJECT_BASE_URL. */
  readonly projectUrl?: string | null;
}

/** A Slack user id as Slack makes them: only such an id becomes a mention. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

/** The inviter: a mention when linked to Slack, else their name (escaped, never a live mention). */
function inviterText(info: InvitationInfo): string {
  return info.inviterSlackUserId && SLACK_USER_ID.test(info.inviterSlackUserId) ? `<@${info.inviterSlackUserId}>` : `*${escapeMrkdwn(info.invitedBy)}*`;
}

/** The project's name in bold, linked to its page when there is one. */
function projectText(info: InvitationInfo): string {
  return info.projectUrl ? `*${mrkdwnLink(info.projectUrl, info.projectName)}*` : `*${escapeMrkdwn(info.projectName)}*`;
}

/** Where an invitation stands, for the words of its message. */
export type InvitationOutcome =
  | { readonly status: 'pending' }
  | { readonly status: 'expired' }
  | { readonly status: 'accepted'; readonly at: string | null; readonly alreadyMember?: boolean }
  | { readonly status: 'declined' | 'cancelled'; readonly at: string | null };

/** Invitations a modal lists at most (3 blocks each, within Slack's 100). */
export const MODAL_INVITATIONS_MAX = 25;

const ROLE_WORDS: Readonly<Record<Role, string>> = { admin: 'Admin', guest: 'Guest', readOnly: 'Read only', share: 'Share' };

export const roleWords = (role: string): string => (Object.hasOwn(ROLE_WORDS, role) ? ROLE_WORDS[role as Role] : role);

/** "Ann invited you to *Sales* as *Guest*" with the reason and expiry. */
export function invitationText(info: InvitationInfo): string {
  const lines = [`${inviterText(info)} invited you to join ${projectText(info)} as *${escapeMrkdwn(roleWords(info.role))}*.`];
  if (info.reason) lines.push(`> ${escapeMrkdwn(truncate(info.reason, 500)).replace(/\n/g, '\n> ')}`);
  if (info.projectRequiresMfa) lines.push(':lock: This project requires multi-factor authentication: enable it before you accept.');
  lines.push(`Expires ${slackDate(info.expiresAt)}.`);
  return lines.join('\n');
}

/** Accept / Decline for one invitation; Decline asks first, since a declined invitation is gone for good. */
export function invitationButtons(info: InvitationInfo): types.Button[] {
  return [
    button('Accept', ACTION.invitationAccept, { value: info.invitationId, style: 'primary' }),
    button('Decline', ACTION.invitationDecline, {
      value: info.invitationId,
      confirm: {
        title: 'Decline the invitation?',
        text: `Decline the invitation to ${truncate(info.projectName, 150)}? You cannot accept it later; the admin would have to invite you again.`,
        confirm: 'Decline',
        deny: 'Keep it',
        danger: true,
      },
    }),
  ];
}

function outcomeText(info: InvitationInfo, outcome: InvitationOutcome): string {
  const project = projectText(info);
  const at = 'at' in outcome && outcome.at ? ` ${slackDate(outcome.at)}` : '';
  switch (outcome.status) {
    case 'pending':
      return invitationText(info);
    case 'accepted':
      if (outcome.alreadyMember) return `:white_check_mark: You were already a member of ${project}, so the invitation is closed${at}. Your role did not change.`;
      return `:white_check_mark: You accepted the invitation to ${project} and joined it as *${escapeMrkdwn(roleWords(info.role))}*${at}.`;
    case 'declined':
      return `:no_entry_sign: You declined the invitation to ${project}${at}.`;
    case 'cancelled':
      return `:heavy_multiplication_x: The invitation to ${project} was cancelled${at} by the project admin.`;
    case 'expired':
      return `:hourglass: The invitation to ${project} expired ${slackDate(info.expiresAt)}. Ask the project admin for a new one.`;
  }
}

/** The DM about one invitation: with buttons while pending, the outcome without buttons after. */
export function invitationMessage(info: InvitationInfo, outcome: InvitationOutcome): MessageContent {
  const body = outcomeText(info, outcome);
  const blocks: Block[] = [section(outcome.status === 'pending' ? `:incoming_envelope: ${body}` : body, { blockId: BLOCK.invitation })];
  if (outcome.status === 'pending') blocks.push(actions(BLOCK.invitationActions, invitationButtons(info)));
  const fallback =
    outcome.status === 'pending'
      ? `${escapeText(info.invitedBy)} invited you to join ${escapeText(info.projectName)} as ${escapeText(roleWords(info.role))}.`
      : `Invitation to ${escapeText(info.projectName)}: ${outcome.status}.`;
  return { text: fallback, blocks };
}

/** The page of project `numericId` under the operator's KBC_PROJECT_BASE_URL, or null without one. */
export const projectUrlOf = (projectBaseUrl: string | null | undefined, numericId: number | null | undefined): string | null =>
  projectBaseUrl && numericId ? `${projectBaseUrl}${numericId}` : null;

/**
 * A core invitation view as message info and outcome; `alreadyMember` when it was closed by an
 * accept of a member. The inviter is a mention while linked, the project a link under `projectBaseUrl`.
 */
export function fromInvitationView(view: InvitationView, alreadyMember = false, projectBaseUrl?: string | null): { info: InvitationInfo; outcome: InvitationOutcome } {
  const info: InvitationInfo = { ...view, invitationId: view.id, inviterSlackUserId: view.inviter.slackUserId, projectUrl: projectUrlOf(projectBaseUrl, view.projectNumericId) };
  const outcome: InvitationOutcome =
    view.status === 'pending' || view.status === 'expired'
      ? { status: view.status }
      : view.status === 'accepted'
        ? { status: 'accepted', at: view.answeredAt, alreadyMember }
        : { status: view.status, at: view.answeredAt };
  return { info, outcome };
}

/** The blocks of one pending invitation in a modal or the Home tab. */
export function invitationItemBlocks(view: InvitationView, projectBaseUrl?: string | null): Block[] {
  const info = fromInvitationView(view, false, projectBaseUrl).info;
  return [section(invitationText(info), { blockId: itemBlockId(BLOCK.invitation, view.id) }), actions(itemBlockId(BLOCK.invitationActions, view.id), invitationButtons(info))];
}

/** `/kbc invitations`: the pending invitations with Accept / Decline, re-rendered after each answer. */
export function invitationsModal(pending: readonly InvitationView[], notice?: Notice | null, projectBaseUrl?: string | null): types.ModalView {
  const blocks: Block[] = [...noticeBlocks(notice)];
  if (pending.length === 0) {
    blocks.push(section('You have no pending invitations. When a project admin invites you, it shows up here and in a direct message.'));
  } else {
    blocks.push(section(`You have ${plural(pending.length, 'pending invitation')}.`));
    for (const view of pending.slice(0, MODAL_INVITATIONS_MAX)) blocks.push(divider(), ...invitationItemBlocks(view, projectBaseUrl));
    if (pending.length > MODAL_INVITATIONS_MAX) {
      blocks.push(divider(), context(`…and ${pending.length - MODAL_INVITATIONS_MAX} more: answer these first, or open the dashboard to see all.`));
    }
  }
  return modal({ callbackId: CALLBACK.invitations, title: 'Invitations', blocks });
}

/** What the summary DM lists: how many invitations wait, and the first of them. */
export interface InvitationSummaryInfo {
  readonly count: number;
  readonly invitations: readonly InvitationInfo[];
}

/**
 * One DM for the many invitations a newly linked account had waiting (instead of a DM each): the
 * list, and a button that opens the invitations modal, where each has Accept and Decline.
 */
export function invitationSummaryMessage(summary: InvitationSummaryInfo): MessageContent {
  const lines = summary.invitations.map(
    (info) => `• ${projectText({ ...info, projectName: truncate(info.projectName, 100) })} as *${escapeMrkdwn(roleWords(info.role))}*, from ${inviterText({ ...info, invitedBy: truncate(info.invitedBy, 100) })} · expires ${slackDate(info.expiresAt)}`,
  );
  const more = summary.count - summary.invitations.length;
  if (more > 0) lines.push(`…and ${more} more.`);
  const intro = `:incoming_envelope: *You have ${plural(summary.count, 'pending invitation')}* waiting for your answer:`;
  return {
    text: `You have ${plural(summary.count, 'pending invitation')} waiting for your answer.`,
    blocks: [
      section(`${intro}\n${lines.join('\n')}`, { blockId: BLOCK.invitation }),
      actions(BLOCK.invitationActions, [button('Answer invitations', ACTION.openInvitations, { style: 'primary' })]),
    ],
  };
}
