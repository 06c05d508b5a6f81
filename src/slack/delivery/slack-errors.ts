import { webApi } from '@slack/bolt';
import { field } from '../payload.ts';

/**
 * Slack answers that no retry can fix: the user or conversation is gone or unusable, or the
 * message itself was refused (then retrying the same blocks fails the same way).
 */
const PERMANENT = new Set([
  'user_not_found',
  'users_not_found',
  'channel_not_found',
  'user_disabled',
  'account_inactive',
  'is_archived',
  'cannot_dm_bot',
  'not_in_channel',
  'restricted_action',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'too_many_attachments',
  'no_text',
]);

/** Answers of chat.update meaning the recorded message is gone: post a new one instead. */
const MESSAGE_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

/** How an outbox delivery failed, in the terms of `core.outbox.markFailed`. */
export interface DeliveryFailure {
  /** Short, secret-free: the Slack error code or the kind of failure. */
  readonly error: string;
  readonly retryAfterSeconds?: number;
  readonly permanent: boolean;
  /** Slack answered 429: the app is over its rate limit, not just this message. */
  readonly rateLimited?: boolean;
}

/** The Slack platform error code (`user_not_found`) of a Web API error, or null. */
export function slackErrorCode(error: unknown): string | null {
  if (field(error, 'code') !== webApi.ErrorCode.PlatformError) return null;
  const code = field(error, 'data', 'error');
  return typeof code === 'string' ? code : null;
}

/** True when chat.update failed because the message to update no longer exists. */
export function isMessageGone(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== null && MESSAGE_GONE.has(code);
}

/** Classifies a failed Slack call for markFailed: a 429's Retry-After, permanent refusals, the rest retried. */
export function classifySlackError(error: unknown): DeliveryFailure {
  const code = field(error, 'code');
  if (code === webApi.ErrorCode.RateLimitedError) {
    const retryAfter = field(error, 'retryAfter');
    return { error: 'slack: rate limited', permanent: false, rateLimited: true, ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}) };
  }
  const platform = slackErrorCode(error);
  if (platform !== null) return { error: `slack: ${platform}`, permanent: PERMANENT.has(platform) };
  if (code === webApi.ErrorCode.HTTPError) return { error: `slack: HTTP ${String(field(error, 'statusCode'))}`, permanent: false };
  if (code === webApi.ErrorCode.RequestError) return { error: 'slack: request failed (network or timeout)', permanent: false };
  return { error: `delivery failed: ${error instanceof Error ? error.name : 'unknown error'}`, permanent: false };
}
