import type { types } from '@slack/bolt';
import type { JoinRequestPayload, JoinRequestState, JoinRequestView } from '../../core/index.ts';
import { ACTION, BLOCK } from '../ids.ts';
import { actions, button, section, type Block, type MessageContent } from './blocks.ts';
import { slackDate, truncate } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';

/** What a join request DM to an admin shows, from a core view or an outbox payload (without the project's internal id). */
export type JoinRequestInfo = Omit<JoinRequestPayload, 'projectId'>;

/** A core view as message info. */
export const fromJoinRequestView = (view: JoinRequestView): JoinRequestInfo => ({
  ...view,
  requestId: view.id,
  requester: `${view.name} (${view.email})`,
});

/** Approve / Reject for one request; Reject asks first (the requester is told). */
export function joinRequestButtons(info: JoinRequestInfo): types.Button[] {
  return [
    button('Approve', ACTION.joinRequestApprove, { value: info.requestId, style: 'primary' }),
    button('Reject', ACTION.joinRequestReject, {
      value: info.requestId,
      confirm: {
        title: 'Reject the request?',
        text: `Reject the request of ${truncate(info.requester, 100)} to join ${truncate(info.projectName, 100)}? They are told.`,
        confirm: 'Reject',
        deny: 'Keep it',
        danger: true,
      },
    }),
  ];
}

/** " for 14 days", " for 1 hour" (a lifetime given in seconds through the Management API), or nothing. */
const lifetimeText = (info: JoinRequestInfo): string =>
  info.membershipLifetime ? ` for ${escapeMrkdwn(info.membershipLifetime)}` : info.membershipDays ? ` for ${info.membershipDays} days` : '';

function bodyOf(info: JoinRequestInfo, status: JoinRequestState): string {
  const who = `*${escapeMrkdwn(info.requester)}*`;
  const project = `*${escapeMrkdwn(info.projectName)}*`;
  const by = info.answeredBy ? ` by ${escapeMrkdwn(info.answeredBy)}` : '';
  const at = info.answeredAt ? ` ${slackDate(info.answeredAt)}` : '';
  switch (status) {
    case 'pending': {
      const lines = [`:raising_hand: ${who} asks to join ${project}${lifetimeText(info)}.`];
      if (info.reason) lines.push(`> ${escapeMrkdwn(truncate(info.reason, 500)).replace(/\n/g, '\n> ')}`);
      lines.push(`The request expires ${slackDate(info.expiresAt)}.`);
      return lines.join('\n');
    }
    case 'approved':
      return `:white_check_mark: The request of ${who} to join ${project} was approved${by}${at}.`;
    case 'rejected':
      return `:no_entry_sign: The request of ${who} to join ${project} was rejected${by}${at}.`;
    case 'cancelled':
      return `:heavy_multiplication_x: ${who} cancelled the request to join ${project}${at}.`;
    case 'expired':
      return `:hourglass: The request of ${who} to join ${project} expired ${slackDate(info.expiresAt)} without an answer.`;
  }
}

/** The DM an admin gets about one request: Approve / Reject while pending, how it ended after. */
export function joinRequestMessage(info: JoinRequestInfo, now: Date): MessageContent {
  const status = info.status === 'pending' && new Date(info.expiresAt).getTime() <= now.getTime() ? 'expired' : info.status;
  const blocks: Block[] = [section(bodyOf(info, status), { blockId: BLOCK.joinRequest })];
  if (status === 'pending') blocks.push(actions(BLOCK.joinRequestActions, joinRequestButtons(info)));
  return { text: `Request of ${escapeText(info.requester)} to join ${escapeText(info.projectName)}: ${status}.`, blocks };
}
