import type { Command } from 'commander';
import { integer } from './usage-error.ts';

/** The paging options of a list command. */
export interface PagingOptions {
  readonly limit?: number;
  readonly after?: string;
}

/** What a core list returns: one page and the cursor of the next (null after the last). */
export interface Listed<T> {
  readonly items: T[];
  readonly next: string | null;
}

/** Adds `--limit N` and `--after CURSOR` to a list command; `what` names its items ("accounts"). */
export function withPagingOptions(command: Command, what: string): Command {
  return command
    .option('--limit <n>', `print one page of at most n ${what}, and the cursor that continues it`, (value) => integer(value, '--limit'))
    .option('--after <cursor>', 'start after this cursor (the "next" an earlier page printed)');
}

/**
 * With `--limit`, that one page; else every page from `--after` on, as one list whose `next` is
 * null. `list` is the core's paged list (its own page size when `limit` is left out).
 */
export async function listPages<T>(list: (page: { limit?: number; after: string | null }) => Promise<Listed<T>>, options: PagingOptions): Promise<Listed<T>> {
  if (options.limit !== undefined) return list({ limit: options.limit, after: options.after ?? null });
  const items: T[] = [];
  let after: string | null = options.after ?? null;
  do {
    const page = await list({ after });
    items.push(...page.items);
    after = page.next;
  } while (after !== null);
  return { items, next: null };
}

/** The line that tells how to read on after a page, or none after the last. */
export const moreLines = (page: Listed<unknown>, what: string): string[] => (page.next ? [`More ${what} follow: --after ${page.next}`] : []);
