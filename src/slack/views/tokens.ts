import type { types } from '@slack/bolt';
import { TOKEN_EXPIRING_SOON_DAYS, type TokenView } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK, itemBlockId } from '../ids.ts';
import { actions, button, context, LIMITS, modal, noticeBlocks, section, type Block, type MessageContent, type Notice } from './blocks.ts';
import { daysUntil, plural, slackDate, slackDay, truncate } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';

/** Tokens a modal lists at most (2 blocks each, within Slack's 100). */
export const MODAL_TOKENS_MAX = 40;

const REVOKED_BECAUSE = { rotated: 'rotated', leaked: 'it leaked', reuse: 'a token it replaced was used again' } as const;

/** Where the token is in its life: expiry, or until when a rotated one works, or why it was revoked. */
function stateText(token: TokenView): string {
  if (token.state === 'revoked') return `:no_entry: revoked ${slackDate(token.revokedAt!)} (${REVOKED_BECAUSE[token.revokedReason!]})`;
  if (token.state === 'rotated') return `:arrows_counterclockwise: rotated, works until ${slackDate(token.graceUntil!)}`;
  return token.expired ? `:hourglass: expired ${slackDay(token.expiresAt)}` : `expires ${slackDay(token.expiresAt)}`;
}

function tokenLine(token: TokenView): string {
  const name = `*${escapeMrkdwn(token.description)}*  ·  ends in \`${escapeMrkdwn(token.hint)}\``;
  const expiry = stateText(token);
  const used = token.lastUsedAt ? `last used ${slackDate(token.lastUsedAt)}` : 'never used';
  return `${name}\nCreated ${slackDay(token.createdAt)} · ${expiry} · ${used}`;
}

/** Rotate: opens the rotation form (grace and, with MFA, a code) over the list. Only for a token that works and was not rotated. */
function rotateButton(token: TokenView): types.Button {
  return button('Rotate', ACTION.tokenRotate, { value: token.id });
}

function deleteButton(token: TokenView): types.Button {
  return button('Delete', ACTION.tokenDelete, {
    value: token.id,
    style: 'danger',
    confirm: {
      title: 'Delete this token?',
      text: `Delete "${truncate(token.description, 150)}" (ends in ${token.hint})? Anything using it stops working at once. This cannot be undone.`,
      confirm: 'Delete',
      deny: 'Keep it',
      danger: true,
    },
  });
}

/** `/kbc tokens`: the account's tokens, newest first, each with Rotate (when it works) and Delete (after a confirmation). */
export function tokensModal(tokens: readonly TokenView[], notice?: Notice | null): types.ModalView {
  const blocks: Block[] = [...noticeBlocks(notice)];
  blocks.push(
    section(
      tokens.length === 0 ? 'You have no Management API tokens.' : `You have ${plural(tokens.length, 'Management API token')}. Rotate replaces one with a new token; delete the ones you do not use.`,
      { accessory: button('New token', ACTION.openTokenForm, { style: 'primary' }) },
    ),
  );
  for (const token of tokens.slice(0, MODAL_TOKENS_MAX)) {
    blocks.push(section(tokenLine(token), { blockId: itemBlockId(BLOCK.token, token.id) }));
    blocks.push(actions(itemBlockId(BLOCK.tokenActions, token.id), [...(token.state === 'active' ? [rotateButton(token)] : []), deleteButton(token)]));
  }
  if (tokens.length > MODAL_TOKENS_MAX) blocks.push(context(`…and ${tokens.length - MODAL_TOKENS_MAX} older: open the dashboard to see them all.`));
  return modal({ callbackId: CALLBACK.tokens, title: 'Access tokens', blocks });
}

/** Expiring tokens the status reply and the Home tab list at most. */
export const EXPIRING_TOKENS_SHOWN_MAX = 10;
/** Characters of a description in that list (the tokens modal shows it whole). */
const LISTED_DESCRIPTION_MAX = 60;
/** Room kept for the closing "…and N more" line, in characters. */
const MORE_LINE_RESERVE = 80;

/** `*Tokens expiring within 7 days*`: the heading of the list, from the core's policy. */
export const EXPIRING_TOKENS_HEADING = `*Tokens expiring within ${plural(TOKEN_EXPIRING_SOON_DAYS, 'day')}*`;

/**
 * One line per token expiring soon, for the status reply and the Home tab: at most
 * EXPIRING_TOKENS_SHOWN_MAX, and only whole lines that fit in `budget` characters (a section holds
 * 3000), then "…and N more". Never cut by `truncate`, which could end inside a date code.
 */
export function expiringTokensText(tokens: readonly TokenView[], now: Date, budget: number = LIMITS.sectionText): string {
  if (tokens.length === 0) return `No tokens expire within ${plural(TOKEN_EXPIRING_SOON_DAYS, 'day')}.`;
  const lines: string[] = [];
  let used = 0;
  for (const token of tokens.slice(0, EXPIRING_TOKENS_SHOWN_MAX)) {
    const description = escapeMrkdwn(truncate(token.description, LISTED_DESCRIPTION_MAX));
    const line = `• *${description}* (ends in \`${escapeMrkdwn(token.hint)}\`) expires ${slackDate(token.expiresAt)} — in ${plural(daysUntil(token.expiresAt, now), 'day')}`;
    if (used + line.length + 1 > budget - MORE_LINE_RESERVE) break;
    lines.push(line);
    used += line.length + 1;
  }
  const hidden = tokens.length - lines.length;
  if (hidden > 0) lines.push(`…and ${hidden} more: \`/kbc tokens\` lists them all.`);
  return lines.join('\n');
}

/** What a `token.expiring` DM shows (from the outbox payload). */
export interface ExpiringTokenInfo {
  readonly description: string;
  readonly hint: string;
  readonly expiresAt: string;
  /** The token's id (null in reminders queued before it was carried): to look up how it stands. */
  readonly tokenId?: string | null;
}

/** How a reminded token stands when its DM is rendered: `live` (still to expire), or why the reminder is over. */
export type ReminderState = 'live' | 'expired' | 'deleted' | 'revoked' | 'rotated';

/** What a reminder DM says once it no longer applies, without "create a new one before then". */
function reminderOverText(info: ExpiringTokenInfo, state: Exclude<ReminderState, 'live'>): string {
  const token = `Your Management API token *${escapeMrkdwn(info.description)}* (ends in \`${escapeMrkdwn(info.hint)}\`)`;
  switch (state) {
    case 'expired':
      return `:hourglass: ${token} expired ${slackDate(info.expiresAt)} and no longer works. Create a new token if you still need one.`;
    case 'deleted':
      return `:wastebasket: ${token} was deleted, so this reminder no longer applies.`;
    case 'revoked':
      return `:no_entry_sign: ${token} was revoked and no longer works, so this reminder no longer applies.`;
    case 'rotated':
      return `:arrows_counterclockwise: ${token} was rotated: its replacement is the one to use, so this reminder no longer applies.`;
  }
}

/**
 * The reminder DM before a token expires, or, once `state` says it is over (the token expired or
 * was deleted, revoked or rotated), what became of the token, without the advice to act.
 */
export function tokenExpiringMessage(info: ExpiringTokenInfo, now: Date, state: ReminderState = 'live'): MessageContent {
  if (state !== 'live') {
    return {
      text: `Your access token "${escapeText(info.description)}": ${state}.`,
      blocks: [section(reminderOverText(info, state)), actions(BLOCK.token, [button('My tokens', ACTION.openTokens)])],
    };
  }
  const days = daysUntil(info.expiresAt, now);
  const text =
    `:hourglass_flowing_sand: Your Management API token *${escapeMrkdwn(info.description)}* (ends in \`${escapeMrkdwn(info.hint)}\`) ` +
    `expires ${slackDate(info.expiresAt)} — in ${plural(days, 'day')}.\n` +
    'Tokens cannot be extended: create a new one and switch whatever uses this token before then.';
  return {
    text: `Your access token "${escapeText(info.description)}" expires in ${plural(days, 'day')}.`,
    blocks: [section(text), actions(BLOCK.token, [button('Create a new token', ACTION.openTokenForm, { style: 'primary' }), button('My tokens', ACTION.openTokens)])],
  };
}
