import { AccountError } from '../errors.ts';
import { PAGE_LIMIT_MAX } from '../store/store.ts';

/** A page size a caller asked for, checked: 1 to PAGE_LIMIT_MAX entries (INVALID_INPUT otherwise). */
export function pageLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) {
    throw new AccountError('INVALID_INPUT', `A page holds 1 to ${PAGE_LIMIT_MAX} entries; got ${limit}.`, { max: PAGE_LIMIT_MAX });
  }
  return limit;
}
