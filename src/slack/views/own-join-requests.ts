import type { types } from '@slack/bolt';
import { JOIN_REQUEST_EXPIRY_DAYS, JOIN_REQUEST_REASON_MAX_LENGTH, MEMBERSHIP_MAX_DAYS, type JoinRequestView } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK, itemBlockId } from '../ids.ts';
import { button, context, divider, LIMITS, modal, noticeBlocks, plain, section, type Block, type Notice } from './blocks.ts';
import { plural, quotedText, slackDate, truncate } from './format.ts';
import { escapeMrkdwn } from './escape.ts';
import { encodeFormMetadata, type ParentView } from './form-metadata.ts';

/** Longest project id the form takes (core ids are ~20 characters; numbers far fewer). */
export const REQUEST_PROJECT_ID_MAX_LENGTH = 64;
/** Pending requests a modal lists with Cancel (1 block each, within Slack's 100). */
export const MODAL_OWN_REQUESTS_MAX = 40;
/** Answered requests a modal lists, read-only, in one section. */
export const MODAL_ANSWERED_REQUESTS_MAX = 15;

/**
 * `/kbc request-access`: the project's id, a reason, an optional lifetime in days. `parent`: the
 * list it was pushed on top of (`/kbc requests`), re-rendered once the request is made.
 */
export function requestAccessModal(initialProject: string | null = null, parent: ParentView | null = null): types.ModalView {
  const blocks: Block[] = [
    section(
      `Ask the admins of a project to let you in. They approve or reject it in Slack or the dashboard; the request expires after ${JOIN_REQUEST_EXPIRY_DAYS} days without an answer.`,
    ),
    {
      type: 'input',
      block_id: BLOCK.requestProject,
      label: plain('Project id'),
      hint: plain('The id a project admin gave you: prj_… or its number (as the Management API shows it).'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.requestProject,
        max_length: REQUEST_PROJECT_ID_MAX_LENGTH,
        placeholder: plain('prj_… or 12'),
        ...(initialProject ? { initial_value: initialProject } : {}),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.requestReason,
      optional: true,
      label: plain('Reason'),
      hint: plain('Shown to the project admins.'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.requestReason,
        multiline: true,
        max_length: JOIN_REQUEST_REASON_MAX_LENGTH,
        placeholder: plain('e.g. I build the Q4 sales report'),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.requestDays,
      optional: true,
      label: plain('Membership for (days)'),
      hint: plain(`Optional: the membership ends this many days after approval (1–${MEMBERSHIP_MAX_DAYS}). Empty: no end.`),
      element: {
        type: 'number_input',
        action_id: ACTION.requestDays,
        is_decimal_allowed: false,
        min_value: '1',
        max_value: String(MEMBERSHIP_MAX_DAYS),
      },
    },
  ];
  return modal({
    callbackId: CALLBACK.requestAccess,
    title: 'Ask to join a project',
    submit: 'Send request',
    close: 'Cancel',
    blocks,
    ...(parent ? { privateMetadata: encodeFormMetadata({ item: null, parent }) } : {}),
  });
}

/** What replaces the form once the request was made. */
export function requestSentModal(view: JoinRequestView): types.ModalView {
  const lifetime = view.membershipLifetime ? ` for ${escapeMrkdwn(view.membershipLifetime)}` : '';
  return modal({
    callbackId: CALLBACK.requestSent,
    title: 'Request sent',
    close: 'Done',
    blocks: [
      section(`:raising_hand: You asked to join *${escapeMrkdwn(view.projectName)}*${lifetime}. Its admins have until ${slackDate(view.expiresAt)} to answer.`),
      context('You get a direct message and a notification when they answer. `/kbc requests` (or the Home tab) shows your requests; you can cancel one there.'),
    ],
  });
}

const STATUS_WORDS: Readonly<Record<Exclude<JoinRequestView['status'], 'pending'>, string>> = {
  approved: ':white_check_mark: approved',
  rejected: ':no_entry_sign: rejected',
  cancelled: ':heavy_multiplication_x: cancelled',
  expired: ':hourglass: expired',
};

/** One pending request of one's own: the project, when it was made and expires, the reason, and Cancel (after a confirmation). */
export function ownRequestBlock(view: JoinRequestView): Block {
  const lines = [
    `*${escapeMrkdwn(truncate(view.projectName, 100))}*${view.membershipLifetime ? ` for ${escapeMrkdwn(view.membershipLifetime)}` : ''} · asked ${slackDate(view.createdAt)} · expires ${slackDate(view.expiresAt)}`,
  ];
  if (view.reason) lines.push(quotedText(view.reason, 300));
  const cancel = button('Cancel request', ACTION.joinRequestCancel, {
    value: view.id,
    confirm: {
      title: 'Cancel the request?',
      text: `Cancel your request to join ${truncate(view.projectName, 150)}? The admins are told; you can ask again later.`,
      confirm: 'Cancel request',
      deny: 'Keep it',
      danger: true,
    },
  });
  return section(lines.join('\n'), { blockId: itemBlockId(BLOCK.ownJoinRequest, view.id), accessory: cancel });
}

/** Characters of a rejection's reason the list of answered requests shows (the notification has it whole). */
const REJECTION_REASON_SHOWN = 200;

/** One answered request, for the read-only list; a rejection with the reason the admin gave. */
function answeredLine(view: JoinRequestView): string {
  const status = view.status === 'pending' ? 'pending' : STATUS_WORDS[view.status];
  const when = view.status === 'expired' ? view.expiresAt : (view.answeredAt ?? view.createdAt);
  const by = view.answeredBy && (view.status === 'approved' || view.status === 'rejected') ? ` by ${escapeMrkdwn(truncate(view.answeredBy, 100))}` : '';
  const line = `• *${escapeMrkdwn(truncate(view.projectName, 100))}* — ${status} ${slackDate(when)}${by}`;
  // The admin's reason, on one quoted line under it: the requester's to read, here as in the dashboard.
  return view.status === 'rejected' && view.rejectionReason ? `${line}\n${quotedText(view.rejectionReason.replace(/\s+/g, ' '), REJECTION_REASON_SHOWN)}` : line;
}

/** The answered requests under `heading`, as many as fit one section (3000 characters) and MODAL_ANSWERED_REQUESTS_MAX. */
function answeredText(heading: string, answered: readonly JoinRequestView[]): string {
  const lines: string[] = [];
  let used = heading.length;
  for (const view of answered.slice(0, MODAL_ANSWERED_REQUESTS_MAX)) {
    const line = answeredLine(view);
    // Room kept for the "…and N older" line.
    if (used + line.length + 1 > LIMITS.sectionText - 40) break;
    lines.push(line);
    used += line.length + 1;
  }
  if (lines.length < answered.length) lines.push(`…and ${answered.length - lines.length} older.`);
  return `${heading}\n${lines.join('\n')}`;
}

/** `/kbc requests`: the pending requests with Cancel, then the recent answers (read-only), re-rendered after each Cancel. */
export function ownJoinRequestsModal(requests: readonly JoinRequestView[], notice?: Notice | null): types.ModalView {
  const pending = requests.filter((view) => view.status === 'pending');
  const answered = requests.filter((view) => view.status !== 'pending');
  const blocks: Block[] = [...noticeBlocks(notice)];
  blocks.push(
    section(pending.length === 0 ? 'You have no pending requests to join a project.' : `You have ${plural(pending.length, 'pending request')} to join a project.`, {
      accessory: button('Ask to join a project', ACTION.openRequestAccess, { style: 'primary' }),
    }),
  );
  for (const view of pending.slice(0, MODAL_OWN_REQUESTS_MAX)) blocks.push(ownRequestBlock(view));
  if (pending.length > MODAL_OWN_REQUESTS_MAX) blocks.push(context(`…and ${pending.length - MODAL_OWN_REQUESTS_MAX} more: the dashboard lists them all.`));
  if (answered.length > 0) blocks.push(divider(), section(answeredText('*Answered and closed*', answered)));
  return modal({ callbackId: CALLBACK.joinRequests, title: 'Join requests', blocks });
}
