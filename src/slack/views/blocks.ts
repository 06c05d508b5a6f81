import type { types } from '@slack/bolt';
import { BLOCK } from '../ids.ts';
import { truncate } from './format.ts';

/** Block Kit limits this app builds within. */
export const LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in a modal or the Home tab. */
  viewBlocks: 100,
  /** Characters of a section's text. */
  sectionText: 3000,
  /** Characters of a modal title, submit or close label. */
  viewTitle: 24,
  /** Characters of private_metadata. */
  privateMetadata: 3000,
  /** Characters of a button label. */
  buttonText: 75,
} as const;

export type Block = types.KnownBlock;
export type Button = types.Button;

export const plain = (value: string): types.PlainTextElement => ({ type: 'plain_text', text: value, emoji: true });
export const md = (value: string): types.MrkdwnElement => ({ type: 'mrkdwn', text: truncate(value, LIMITS.sectionText) });

export function header(value: string): types.HeaderBlock {
  return { type: 'header', text: plain(truncate(value, 150)) };
}

export function section(value: string, options: { blockId?: string; accessory?: types.Button } = {}): types.SectionBlock {
  return {
    type: 'section',
    text: md(value),
    ...(options.blockId ? { block_id: options.blockId } : {}),
    ...(options.accessory ? { accessory: options.accessory } : {}),
  };
}

export function context(...values: string[]): types.ContextBlock {
  return { type: 'context', elements: values.map((value) => md(value)) };
}

export const divider = (): types.DividerBlock => ({ type: 'divider' });

export function actions(blockId: string, elements: types.ActionsBlockElement[]): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements };
}

export interface ButtonOptions {
  readonly value?: string;
  readonly style?: 'primary' | 'danger';
  readonly url?: string;
  readonly confirm?: { title: string; text: string; confirm: string; deny: string; danger?: boolean };
}

export function button(label: string, actionId: string, options: ButtonOptions = {}): types.Button {
  const { confirm } = options;
  return {
    type: 'button',
    action_id: actionId,
    text: plain(truncate(label, LIMITS.buttonText)),
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.style ? { style: options.style } : {}),
    ...(options.url ? { url: options.url } : {}),
    ...(confirm
      ? {
          confirm: {
            title: plain(truncate(confirm.title, 100)),
            text: plain(truncate(confirm.text, 300)),
            confirm: plain(truncate(confirm.confirm, 30)),
            deny: plain(truncate(confirm.deny, 30)),
            ...(confirm.danger ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

/** A one-line notice at the top of a view: the outcome of the last click (✅ or ⚠️). */
export interface Notice {
  readonly tone: 'success' | 'warning';
  readonly text: string;
}

export function noticeBlocks(notice: Notice | null | undefined): Block[] {
  if (!notice) return [];
  const icon = notice.tone === 'success' ? ':white_check_mark:' : ':warning:';
  return [{ ...context(`${icon} ${notice.text}`), block_id: BLOCK.notice }];
}

/** A modal view. Titles and button labels are cut to Slack's 24 characters. */
export function modal(options: {
  callbackId: string;
  title: string;
  blocks: Block[];
  submit?: string;
  close?: string;
  /** Comes back with the submission: never trusted on its own (the listener checks it against the core). */
  privateMetadata?: string;
}): types.ModalView {
  return {
    type: 'modal',
    callback_id: options.callbackId,
    title: plain(truncate(options.title, LIMITS.viewTitle)),
    close: plain(truncate(options.close ?? 'Close', LIMITS.viewTitle)),
    ...(options.submit ? { submit: plain(truncate(options.submit, LIMITS.viewTitle)) } : {}),
    ...(options.privateMetadata !== undefined ? { private_metadata: options.privateMetadata.slice(0, LIMITS.privateMetadata) } : {}),
    blocks: options.blocks.slice(0, LIMITS.viewBlocks),
  };
}

/** A message body for chat.postMessage / chat.update: `text` is the notification fallback. */
export interface MessageContent {
  readonly text: string;
  readonly blocks: Block[];
}
