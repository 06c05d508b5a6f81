import { AccountError } from '../errors.ts';
import { PAGE_LIMIT_MAX, SCAN_LIMIT_MAX, type PageQuery, type TextSearch } from './store.ts';

/** A search as the stores run it: the text lower-cased once. */
export interface CheckedSearch {
  readonly fields: readonly string[];
  /** The searched text, lower-cased. */
  readonly needle: string;
  readonly scanMax: number;
}

/** A field a search may name: a plain top-level property name (it reaches SQL as a parameter all the same). */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** A page query with its defaults, checked: a bad one is a bug in a service, not bad input. */
export function checkedPageQuery(query: PageQuery): {
  keys: readonly string[];
  order: 'asc' | 'desc';
  limit: number;
  after: string | null;
  search: CheckedSearch | null;
} {
  const keys = typeof query.key === 'string' ? [query.key] : query.key;
  if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > PAGE_LIMIT_MAX) {
    throw new Error(`a page holds 1 to ${PAGE_LIMIT_MAX} entries, not ${query.limit}`);
  }
  return { keys, order: query.order ?? 'asc', limit: query.limit, after: query.after ?? null, search: query.contains ? checkedSearch(query.contains) : null };
}

function checkedSearch(search: TextSearch): CheckedSearch {
  if (!Number.isSafeInteger(search.scanMax) || search.scanMax < 1 || search.scanMax > SCAN_LIMIT_MAX) {
    throw new Error(`a search looks at 1 to ${SCAN_LIMIT_MAX} entries, not ${search.scanMax}`);
  }
  if (search.fields.length === 0 || !search.fields.every((field) => FIELD_NAME.test(field))) throw new Error(`a search names plain fields, not ${JSON.stringify(search.fields)}`);
  if (search.text === '') throw new Error('a search needs a text');
  return { fields: search.fields, needle: search.text.toLowerCase(), scanMax: search.scanMax };
}

/** Whether one of the search's fields of `entry` contains its text, in any case. */
export function matchesSearch(entry: unknown, search: CheckedSearch): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  return search.fields.some((field) => {
    const value = Object.hasOwn(entry, field) ? (entry as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' && value.toLowerCase().includes(search.needle);
  });
}

/**
 * The page a search makes of `rows` (the entries under the keys, in order, after the cursor):
 * those that match, up to `limit`, among the first `scanMax` rows; `next` continues after the
 * last match returned when the page is full, else after the last row looked at while rows were
 * left unseen, else null.
 */
export function searchedPage<R extends { readonly sort: string; readonly id: string }>(
  rows: readonly R[],
  limit: number,
  search: CheckedSearch,
  matches: (row: R) => boolean,
): { rows: R[]; next: string | null } {
  const found: R[] = [];
  const scanned = Math.min(rows.length, search.scanMax);
  for (let i = 0; i < scanned; i++) {
    const row = rows[i]!;
    if (!matches(row)) continue;
    found.push(row);
    if (found.length === limit) return { rows: found, next: i < rows.length - 1 ? encodeCursor([row.sort, row.id]) : null };
  }
  const last = rows[scanned - 1];
  return { rows: found, next: scanned < rows.length && last ? encodeCursor([last.sort, last.id]) : null };
}

/** A page cursor: the sort value and id of the last entry of the page, opaque to callers. */
export function encodeCursor(position: readonly [sort: string, id: string]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a cursor names; a cursor that is not one of ours is refused (it reaches us from front ends). */
export function decodeCursor(cursor: string): [sort: string, id: string] {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.length === 2 && position.every((part) => typeof part === 'string')) return position as [string, string];
  } catch {
    // Falls through to the error below.
  }
  // Cursors travel through front ends (a CLI flag, an API query): a forged one is bad input.
  throw new AccountError('INVALID_INPUT', 'The page cursor is not valid.');
}
