/**
 * `__proto__` in stored JSON. JSON.parse makes it an own property like any other key, but the
 * moment such an entry is copied into a plain object by assignment (`entries[key] = value`,
 * replaying a journal) it replaces that object's prototype instead: every lookup in the
 * collection then answers with what the file put there. No kbc-account store ever holds the key
 * (the schema refuses it), so a store file or journal record with it is refused whole.
 */
const PROTO = '__proto__';

/**
 * Whether the JSON text `text` can hold a `__proto__` key at all: only when the name is written
 * out, or when a `\u` escape could spell it. Almost every text has neither, and is not walked.
 */
// `_proto` rather than the whole name: as fast to rule out, several times faster to search for
// in a store full of `acc_…` ids (every `_` starts a comparison). A hit is then checked exactly.
export const mayHoldProtoKey = (text: string): boolean => text.includes('_proto') || text.includes('\\u');

/** A value still to look at, and how it was reached (the path is only spelled out for a hit). */
interface Pending {
  readonly value: object;
  readonly parent: Pending | null;
  readonly key: string;
}

const pathOf = (node: Pending): string[] => {
  const path: string[] = [];
  for (let at: Pending | null = node; at?.parent; at = at.parent) path.unshift(at.key);
  return path;
};

/**
 * The path of the first own `__proto__` key in `value` (parsed JSON), or null when there is none.
 * Walked with a stack of its own: JSON may nest deeper than the call stack goes.
 */
export function protoKeyPath(value: unknown): string[] | null {
  if (typeof value !== 'object' || value === null) return null;
  const pending: Pending[] = [{ value, parent: null, key: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const current = next.value;
    if (!Array.isArray(current) && Object.hasOwn(current, PROTO)) return [...pathOf(next), PROTO];
    for (const [key, item] of Object.entries(current)) {
      if (typeof item === 'object' && item !== null) pending.push({ value: item as object, parent: next, key });
    }
  }
  return null;
}

/** Where `text`'s parsed value `value` holds a `__proto__` key ("accounts.acc_1.__proto__"), or null. */
export function protoKeyIn(text: string, value: unknown): string | null {
  if (!mayHoldProtoKey(text)) return null;
  return protoKeyPath(value)?.join('.') ?? null;
}
