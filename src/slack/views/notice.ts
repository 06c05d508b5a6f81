import type { types } from '@slack/bolt';
import { CALLBACK } from '../ids.ts';
import { modal, section, type MessageContent } from './blocks.ts';
import { escapeMrkdwn } from './format.ts';

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
