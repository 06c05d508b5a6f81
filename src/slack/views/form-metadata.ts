import { LIMITS } from './blocks.ts';

/** Longest `private_metadata` of a list modal kept for its re-render (a page number needs a few characters). */
const PARENT_METADATA_MAX = 100;

/**
 * The list modal a form was pushed on top of (`/kbc requests` under the request form, the
 * requests to answer under the role choice): once the form made its change, the list below is
 * re-rendered, so going back shows it. Only a hint: the view id must be the one Slack names as the
 * form's `previous_view_id` in the signed submission, and the content is read afresh for the
 * submitting account.
 */
export interface ParentView {
  readonly viewId: string;
  readonly callbackId: string;
  /** The list's hash when the form was opened: Slack refuses the update if the list changed since. */
  readonly hash: string | null;
  /** The list's own `private_metadata` (its page), kept for the re-render. */
  readonly metadata: string;
}

/** What a form's `private_metadata` carries: the item it is about (a request id), and the list below it. */
export interface FormMetadata {
  readonly item: string | null;
  readonly parent: ParentView | null;
}

const SLACK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The form's `private_metadata`: the bare item id when there is no list below (as before lists
 * were refreshed), else JSON. Item ids never start with `{`, so the two cannot be confused.
 */
export function encodeFormMetadata(meta: FormMetadata): string {
  if (!meta.parent) return meta.item ?? '';
  const encoded = JSON.stringify({ item: meta.item, parent: meta.parent });
  // A list's metadata too long to keep (never by this app's lists): the list is simply not refreshed.
  return encoded.length <= LIMITS.privateMetadata ? encoded : (meta.item ?? '');
}

const stringOrNull = (value: unknown, max: number): string | null => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : null);

function parentOf(value: unknown): ParentView | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const viewId = stringOrNull(record['viewId'], 64);
  const callbackId = stringOrNull(record['callbackId'], 64);
  if (!viewId || !SLACK_ID.test(viewId) || !callbackId || !SLACK_ID.test(callbackId)) return null;
  const metadata = typeof record['metadata'] === 'string' && record['metadata'].length <= PARENT_METADATA_MAX ? record['metadata'] : '';
  return { viewId, callbackId, hash: stringOrNull(record['hash'], 256), metadata };
}

/** Reads what `encodeFormMetadata` wrote; anything else (forged, malformed) is a bare item or nothing. */
export function decodeFormMetadata(raw: unknown): FormMetadata {
  if (typeof raw !== 'string' || raw === '' || raw.length > LIMITS.privateMetadata) return { item: null, parent: null };
  if (!raw.startsWith('{')) return { item: raw, parent: null };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { item: null, parent: null };
    const record = parsed as Record<string, unknown>;
    return { item: typeof record['item'] === 'string' ? record['item'] : null, parent: parentOf(record['parent']) };
  } catch {
    return { item: null, parent: null };
  }
}

/** The list modal a click happened on, as a parent for the form the click opens; null outside a modal. */
export function parentOfClick(body: unknown): ParentView | null {
  if (typeof body !== 'object' || body === null) return null;
  const view = (body as Record<string, unknown>)['view'];
  if (typeof view !== 'object' || view === null) return null;
  const record = view as Record<string, unknown>;
  if (record['type'] !== 'modal') return null;
  return parentOf({ viewId: record['id'], callbackId: record['callback_id'], hash: record['hash'], metadata: record['private_metadata'] });
}
