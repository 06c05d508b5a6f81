import type { types } from '@slack/bolt';
import { CALLBACK } from '../ids.ts';
import { modal, section, type MessageContent } from './blocks.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';
import { slackDate } from './format.ts';

/** Opened at once with a fresh trigger_id (it lives 3 s, once), then replaced by `views.update`. */
export function loadingModal(title: string): types.ModalView {
  return modal({ callbackId: CALLBACK.loading, title, blocks: [section(':hourglass_flowing_sand: Loading…')] });
}

/** A modal that only says something (not linked, refused, failed). `text` is mrkdwn. */
export function noticeModal(title: string, text: string): types.ModalView {
  return modal({ callbackId: CALLBACK.notice, title, blocks: [section(text)] });
}

/** A plain reply (ephemeral) with mrkdwn text. */
export function textMessage(text: string): MessageContent {
  return { text: text.replace(/[*`]/g, ''), blocks: [section(text)] };
}

/** The DM confirming that a Slack user was linked (outbox `slack.linked`). */
export function linkedMessage(email: string): MessageContent {
  return textMessage(
    `:link: This Slack user is now linked to the Keboola account *${escapeMrkdwn(email)}*.\n` +
      'Invitations, notifications and token reminders will arrive here. Try `/kbc status`, or open the Home tab of this app.',
  );
}

/** What the DM to a Slack user whose link ended (outbox `slack.unlinked`) says. */
export interface UnlinkedInfo {
  readonly email: string;
  /** `replaced`: the account was linked to another Slack user; `account`: unlinked from the dashboard; `operator`: by an operator. */
  readonly reason: 'replaced' | 'account' | 'operator';
  readonly at: string;
}

/**
 * The DM to the Slack user an account was taken from or unlinked from elsewhere: what happened,
 * and what to do when it was not them (a leaked link code, a stolen password).
 */
export function unlinkedMessage(info: UnlinkedInfo): MessageContent {
  const account = `*${escapeMrkdwn(info.email)}*`;
  const what =
    info.reason === 'replaced'
      ? `:warning: The Keboola account ${account} was linked to another Slack user ${slackDate(info.at)}, so this Slack user is no longer linked to it.`
      : info.reason === 'operator'
        ? `:warning: The Keboola account ${account} was unlinked from this Slack user by an operator ${slackDate(info.at)}.`
        : `:warning: The Keboola account ${account} was unlinked from this Slack user in the dashboard ${slackDate(info.at)}.`;
  const fallback =
    info.reason === 'replaced'
      ? `Your Keboola account ${escapeText(info.email)} was linked to another Slack user.`
      : `Your Keboola account ${escapeText(info.email)} was unlinked from this Slack user.`;
  return {
    text: fallback,
    blocks: [
      section(what),
      section(
        'You will get no more invitations, notifications or reminders for it here. ' +
          '*If this was not you*, sign in to the dashboard (`kbc-account`), change your password, check *Account Settings → Slack* and your security activity, then link again with a new code.',
      ),
    ],
  };
}
