/**
 * `record[key]` when `key` is one of the record's own entries, else undefined. Records keyed by
 * what people type (metric names, ids from a command line or a Slack button) must never answer
 * with an inherited property: `limits['constructor']` is `Object`, and `'toString' in members`
 * is true.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
