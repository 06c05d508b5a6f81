import { createHmac } from 'node:crypto';

/** Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
export function slackSignature(body: string, timestamp: number, secret: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The form body of a `/kbc <text>` slash command as Slack sends it. */
export function slashCommandBody(user: { readonly teamId: string; readonly userId: string }, text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: user.teamId,
    team_domain: 'acme',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: user.userId,
    user_name: user.userId.toLowerCase(),
    command: '/kbc',
    text,
    api_app_id: 'A0KBC',
    response_url: responseUrl,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** Where a button was clicked, as a block_actions payload describes it. */
export type ActionSurface =
  | { readonly kind: 'message'; readonly channel: string; readonly ts: string; readonly responseUrl: string }
  | { readonly kind: 'modal'; readonly viewId: string; readonly callbackId: string; readonly privateMetadata?: string; readonly hash?: string }
  | { readonly kind: 'home' };

/** A block_actions payload for a button click by `user` on `surface`. */
export function blockActionsPayload(
  user: { readonly teamId: string; readonly userId: string },
  actionId: string,
  value: string | undefined,
  surface: ActionSurface,
): Record<string, unknown> {
  const where =
    surface.kind === 'message'
      ? {
          container: { type: 'message', channel_id: surface.channel, message_ts: surface.ts },
          channel: { id: surface.channel },
          message: { ts: surface.ts, text: '' },
          response_url: surface.responseUrl,
        }
      : surface.kind === 'modal'
        ? {
            container: { type: 'view', view_id: surface.viewId },
            view: { id: surface.viewId, type: 'modal', callback_id: surface.callbackId, hash: surface.hash ?? 'h', state: { values: {} }, private_metadata: surface.privateMetadata ?? '' },
          }
        : { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', callback_id: '', hash: 'h', state: { values: {} } } };
  return {
    type: 'block_actions',
    user: { id: user.userId, team_id: user.teamId, name: user.userId.toLowerCase() },
    team: { id: user.teamId, domain: 'acme' },
    api_app_id: 'A0KBC',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    ...where,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', ...(value === undefined ? {} : { value }), action_ts: '1' }],
  };
}
