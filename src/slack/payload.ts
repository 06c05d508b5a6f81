/**
 * Defensive readers for Slack payloads. Bolt types describe what Slack should send; a signed but
 * malformed body (or a Slack change) must not crash a listener, so every value is checked here.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

export const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value[key]` when `value` is an object, else undefined. */
export function field(value: unknown, ...path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A non-empty string of at most `maxLength` characters, else null. */
export function text(value: unknown, maxLength = 256): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength ? value : null;
}

/** The first action of a `block_actions` payload, or null. */
export function firstAction(body: unknown): JsonRecord | null {
  const actions = field(body, 'actions');
  if (!Array.isArray(actions)) return null;
  const [first] = actions as unknown[];
  return isRecord(first) ? first : null;
}

/** Longest id accepted from a button value (core ids are ~20 characters). */
export const ITEM_ID_MAX_LENGTH = 64;

/** The clicked button's `value` as an item id, or null when absent or implausible. */
export function actionValue(body: unknown): string | null {
  const value = text(firstAction(body)?.['value'], ITEM_ID_MAX_LENGTH);
  return value !== null && /^[A-Za-z0-9_:-]+$/.test(value) ? value : null;
}

/** Where an interactive payload came from. */
export type Surface =
  | { readonly kind: 'message'; readonly channel: string; readonly ts: string }
  | { readonly kind: 'modal'; readonly viewId: string; readonly callbackId: string }
  | { readonly kind: 'home' }
  | { readonly kind: 'unknown' };

/** The surface of a `block_actions` payload: a message (DM), a modal or the Home tab. */
export function surfaceOf(body: unknown): Surface {
  const view = field(body, 'view');
  if (isRecord(view)) {
    if (view['type'] === 'home') return { kind: 'home' };
    const viewId = text(view['id']);
    const callbackId = typeof view['callback_id'] === 'string' ? view['callback_id'] : '';
    if (view['type'] === 'modal' && viewId) return { kind: 'modal', viewId, callbackId };
  }
  const channel = text(field(body, 'channel', 'id')) ?? text(field(body, 'container', 'channel_id'));
  const ts = text(field(body, 'message', 'ts')) ?? text(field(body, 'container', 'message_ts'));
  if (channel && ts) return { kind: 'message', channel, ts };
  return { kind: 'unknown' };
}

/** The `trigger_id` of an interaction (valid for 3 s, once), or null. */
export const triggerIdOf = (body: unknown): string | null => text(field(body, 'trigger_id'));
