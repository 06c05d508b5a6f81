import { AccountError } from '../errors.ts';
import { PAGE_LIMIT_MAX, type PageQuery } from './store.ts';

/** A page query with its defaults, checked: a bad one is a bug in a service, not bad input. */
export function checkedPageQuery(query: PageQuery): { keys: readonly string[]; order: 'asc' | 'desc'; limit: number; after: string | null } {
  const keys = typeof query.key === 'string' ? [query.key] : query.key;
  if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > PAGE_LIMIT_MAX) {
    throw new Error(`a page holds 1 to ${PAGE_LIMIT_MAX} entries, not ${query.limit}`);
  }
  return { keys, order: query.order ?? 'asc', limit: query.limit, after: query.after ?? null };
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
