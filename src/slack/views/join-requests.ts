import type { types } from '@slack/bolt';
import { DEFAULT_MEMBER_ROLE, JOIN_REQUEST_REASON_MAX_LENGTH, ROLES, type JoinRequestPayload, type JoinRequestState, type JoinRequestView, type Role } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK } from '../ids.ts';
import { actions, button, context, modal, plain, section, type Block, type MessageContent } from './blocks.ts';
import { quotedText, slackDate } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';
import { roleWords } from './invitations.ts';
import { encodeFormMetadata, type ParentView } from './form-metadata.ts';

/** What a join request DM to an admin shows, from a core view or an outbox payload (without the project's internal id). */
export type JoinRequestInfo = Omit<JoinRequestPayload, 'projectId'>;

/** A core view as message info. */
export const fromJoinRequestView = (view: JoinRequestView): JoinRequestInfo => ({
  ...view,
  requestId: view.id,
  requester: `${view.name} (${view.email})`,
});

/**
 * Approve / Reject for one request. Neither answers on its own: each opens a window that asks
 * (Approve the role, Reject the reason), and the answer is that window's submission.
 */
export function joinRequestButtons(info: JoinRequestInfo): types.Button[] {
  return [button('Approve', ACTION.joinRequestApprove, { value: info.requestId, style: 'primary' }), button('Reject', ACTION.joinRequestReject, { value: info.requestId })];
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
      if (info.reason) lines.push(quotedText(info.reason, 500));
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

/** Who asks to join what (for how long), and their reason quoted: the top of the Approve and Reject windows. */
function requestSummary(view: JoinRequestView): string {
  const lines = [`*${escapeMrkdwn(`${view.name} (${view.email})`)}* asks to join *${escapeMrkdwn(view.projectName)}*${view.membershipLifetime ? ` for ${escapeMrkdwn(view.membershipLifetime)}` : ''}.`];
  if (view.reason) lines.push(quotedText(view.reason, 500));
  return lines.join('\n');
}

const roleOption = (role: Role): types.PlainTextOption => ({ text: plain(roleWords(role)), value: role });

/**
 * The window Approve or Reject opens: who asks to join what on top, the one input it asks for,
 * and a line on what follows. `private_metadata` names the request (and the list the window was
 * pushed on top of, re-rendered after the answer): only a hint, the core checks the admin again
 * on submission.
 */
function answerWindow(
  view: JoinRequestView,
  parent: ParentView | null,
  window: { readonly callbackId: string; readonly title: string; readonly submit: string; readonly input: types.InputBlock; readonly after: string },
): types.ModalView {
  return modal({
    callbackId: window.callbackId,
    title: window.title,
    submit: window.submit,
    close: 'Cancel',
    privateMetadata: encodeFormMetadata({ item: view.id, parent }),
    blocks: [section(requestSummary(view)), window.input, context(window.after)],
  });
}

/** Approve on a join request: the role the requester gets (every role the core knows, guest preselected). */
export function approveJoinRequestModal(view: JoinRequestView, parent: ParentView | null = null): types.ModalView {
  return answerWindow(view, parent, {
    callbackId: CALLBACK.approveJoinRequest,
    title: 'Approve request',
    submit: 'Approve',
    input: {
      type: 'input',
      block_id: BLOCK.approveRole,
      label: plain('Role in the project'),
      hint: plain('Guest unless they need more. An admin can also invite people and answer join requests.'),
      element: { type: 'static_select', action_id: ACTION.approveRole, options: ROLES.map(roleOption), initial_option: roleOption(DEFAULT_MEMBER_ROLE) },
    },
    after: `The request expires ${slackDate(view.expiresAt)}. The requester is told either way.`,
  });
}

/** What replaces the role choice once approved. */
export function joinRequestApprovedModal(view: JoinRequestView, role: Role): types.ModalView {
  return modal({
    callbackId: CALLBACK.joinRequestApproved,
    title: 'Request approved',
    close: 'Done',
    blocks: [
      section(
        `:white_check_mark: *${escapeMrkdwn(view.name)}* joined *${escapeMrkdwn(view.projectName)}* as *${escapeMrkdwn(roleWords(role))}*${view.membershipLifetime ? ` for ${escapeMrkdwn(view.membershipLifetime)}` : ''}. They are told.`,
      ),
    ],
  });
}

/**
 * Reject on a join request: an optional reason, sent to the requester with the answer (their bell
 * and their Slack DM). One line, at most the core's JOIN_REQUEST_REASON_MAX_LENGTH; the core
 * judges it again on submission.
 */
export function rejectJoinRequestModal(view: JoinRequestView, parent: ParentView | null = null): types.ModalView {
  return answerWindow(view, parent, {
    callbackId: CALLBACK.rejectJoinRequest,
    title: 'Reject request',
    submit: 'Reject',
    input: {
      type: 'input',
      block_id: BLOCK.rejectReason,
      optional: true,
      label: plain('Reason (shown to them)'),
      hint: plain(`Optional, up to ${JOIN_REQUEST_REASON_MAX_LENGTH} characters. Only the requester sees it: in their notifications and their Slack DM.`),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.rejectReason,
        multiline: false,
        max_length: JOIN_REQUEST_REASON_MAX_LENGTH,
        placeholder: plain('e.g. Ask Ben for the numbers instead'),
      },
    },
    after: 'They are told that the request was rejected either way; it cannot be undone (they can ask again).',
  });
}

/** What replaces the reason window once rejected: the reason they were sent, quoted, when one was given. */
export function joinRequestRejectedModal(view: JoinRequestView): types.ModalView {
  const lines = [`:no_entry_sign: Rejected the request of *${escapeMrkdwn(view.name)}* to join *${escapeMrkdwn(view.projectName)}*.`];
  if (view.rejectionReason) lines.push('They are told, with your reason:', quotedText(view.rejectionReason, 500));
  else lines.push('They are told.');
  return modal({ callbackId: CALLBACK.joinRequestRejected, title: 'Request rejected', close: 'Done', blocks: [section(lines.join('\n'))] });
}
