import type { types } from '@slack/bolt';
import type { JoinRequestView } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK, itemBlockId } from '../ids.ts';
import { actions, button, context, divider, modal, noticeBlocks, section, type Block, type Notice } from './blocks.ts';
import { plural, quotedText, slackDate, truncate } from './format.ts';
import { escapeMrkdwn } from './escape.ts';
import { fromJoinRequestView, joinRequestButtons } from './join-requests.ts';

/** Requests to answer the Home tab shows with Approve / Reject (2 blocks each); the rest are behind "All requests". */
export const HOME_REQUESTS_TO_ANSWER_MAX = 5;
/** Requests one page of the "Requests to join" modal shows (2 blocks each, within Slack's 100 a view). */
export const MODAL_REQUESTS_TO_ANSWER_PAGE = 20;

/** One pending request to answer: who asks to join what (and for how long, and why), then Approve / Reject. */
export function requestToAnswerBlocks(view: JoinRequestView): Block[] {
  const who = `*${escapeMrkdwn(truncate(`${view.name} (${view.email})`, 150))}*`;
  const lifetime = view.membershipLifetime ? ` for ${escapeMrkdwn(view.membershipLifetime)}` : '';
  const lines = [`:raising_hand: ${who} asks to join *${escapeMrkdwn(truncate(view.projectName, 100))}*${lifetime} · asked ${slackDate(view.createdAt)} · expires ${slackDate(view.expiresAt)}`];
  if (view.reason) lines.push(quotedText(view.reason, 300));
  return [
    section(lines.join('\n'), { blockId: itemBlockId(BLOCK.requestToAnswer, view.id) }),
    actions(itemBlockId(BLOCK.requestToAnswerActions, view.id), joinRequestButtons(fromJoinRequestView(view))),
  ];
}

/**
 * The Home tab's "Requests to join your projects": the oldest HOME_REQUESTS_TO_ANSWER_MAX pending
 * requests (the core's order) with Approve / Reject, then "…and N more" with All requests.
 * Nothing at all when none waits (most accounts admin no project).
 */
export function homeRequestsToAnswerBlocks(requests: readonly JoinRequestView[]): Block[] {
  if (requests.length === 0) return [];
  const blocks: Block[] = [
    divider(),
    section(`*Requests to join your projects (${requests.length})*\nWaiting for an admin's answer, oldest first. The requester is told either way.`, {
      blockId: BLOCK.homeRequestsToAnswer,
    }),
  ];
  for (const view of requests.slice(0, HOME_REQUESTS_TO_ANSWER_MAX)) blocks.push(...requestToAnswerBlocks(view));
  const more = requests.length - HOME_REQUESTS_TO_ANSWER_MAX;
  if (more > 0) blocks.push(section(`…and ${more} more.`, { accessory: button('All requests', ACTION.openRequestsToAnswer) }));
  return blocks;
}

/** The number of pages `count` requests fill (at least 1). */
const pageCount = (count: number): number => Math.max(1, Math.ceil(count / MODAL_REQUESTS_TO_ANSWER_PAGE));

/**
 * A page number (1-based) from a button's value or the modal's private_metadata: only a hint,
 * kept within the pages there are now (a request answered meanwhile may have removed the last one).
 */
export function pageWithin(hint: unknown, count: number): number {
  const asked = typeof hint === 'string' && /^\d{1,6}$/.test(hint) ? Number(hint) : 1;
  return Math.min(Math.max(1, asked), pageCount(count));
}

/**
 * "Requests to join": every pending request to the projects the account admins, oldest first,
 * MODAL_REQUESTS_TO_ANSWER_PAGE a page with Previous / Next; the page is the view's
 * private_metadata, so a re-render after Reject stays on it.
 */
export function requestsToAnswerModal(requests: readonly JoinRequestView[], pageHint: unknown, notice?: Notice | null): types.ModalView {
  const page = pageWithin(pageHint, requests.length);
  const pages = pageCount(requests.length);
  const blocks: Block[] = [...noticeBlocks(notice)];
  if (requests.length === 0) {
    blocks.push(section('No request to join your projects is waiting for an answer.'));
    return modal({ callbackId: CALLBACK.requestsToAnswer, title: 'Requests to join', blocks, privateMetadata: '1' });
  }
  const first = (page - 1) * MODAL_REQUESTS_TO_ANSWER_PAGE;
  const shown = requests.slice(first, first + MODAL_REQUESTS_TO_ANSWER_PAGE);
  const range = pages > 1 ? ` Showing ${first + 1}–${first + shown.length}, oldest first.` : ' Oldest first.';
  blocks.push(section(`${plural(requests.length, 'request')} to join your projects ${requests.length === 1 ? 'waits' : 'wait'} for an answer.${range}`));
  for (const view of shown) blocks.push(divider(), ...requestToAnswerBlocks(view));
  if (pages > 1) {
    const turn: types.Button[] = [];
    if (page > 1) turn.push(button('Previous', ACTION.requestsToAnswerPrevious, { value: String(page - 1) }));
    if (page < pages) turn.push(button('Next', ACTION.requestsToAnswerNext, { value: String(page + 1) }));
    blocks.push(divider(), context(`Page ${page} of ${pages}`), actions(BLOCK.requestsToAnswerPages, turn));
  }
  return modal({ callbackId: CALLBACK.requestsToAnswer, title: 'Requests to join', blocks, privateMetadata: String(page) });
}
