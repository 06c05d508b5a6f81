/**
 * Free text that people type and other people read (names, titles, descriptions, reasons,
 * prefixes, messages, links): trimmed, measured in code points, and refused when it holds
 * characters that act instead of showing:
 *
 * - control characters (C0 and C1, DEL; ESC among them), which rewrite an operator's terminal
 *   (escape sequences) or forge lines in a list; line breaks and tabs only where a rule allows them;
 * - invisible format characters (Unicode category Cf: zero-width spaces and joiners,
 *   bidirectional overrides and isolates, the byte order mark, soft hyphens, tags), which make a
 *   text look like another one: `ann\u202Emoc.example` shows as "annelpmaxe.com";
 * - half of a character (a lone UTF-16 surrogate, category Cs), which no font shows and no store
 *   keeps alike: UTF-8 cannot hold it, so PostgreSQL gets U+FFFD in its place in an index key (two
 *   different names would be one) and refuses it in JSON, where the other stores keep it.
 *
 * One rule for every stored text, so no field is forgotten: each validator asks `checkText` (or
 * `forbiddenCharacters` for a value it must not trim) and words the problem with `textProblemMessage`.
 */
export interface TextRule {
  readonly min: number;
  readonly max: number;
  /** Allow line breaks (\n) and tabs, e.g. in a notification's message. @default false */
  readonly multiline?: boolean;
  /**
   * Allow the zero-width joiner and non-joiner (U+200D, U+200C), which emoji sequences and
   * scripts such as Persian and Devanagari need: for long bodies, never for names. @default false
   */
  readonly joiners?: boolean;
}

export type TextProblem = 'too_short' | 'too_long' | CharacterProblem;

/** A character a text must not hold (see the rule above). */
export type CharacterProblem = 'control_characters' | 'format_characters' | 'broken_characters';

/** C0/C1 controls (ESC, BEL, DEL…) and the line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** The same, but line feeds and tabs allowed. */
const CONTROL_BUT_LINES = /[^\P{Cc}\n\t]|[\u2028\u2029]/u;
/** Invisible format characters: zero-width, bidirectional controls, BOM, soft hyphen, tags… */
const FORMAT = /\p{Cf}/u;
/** The same, but the zero-width joiner and non-joiner allowed. */
const FORMAT_BUT_JOINERS = /[^\P{Cf}\u200c\u200d]/u;
/** A UTF-16 surrogate on its own (a pair is one code point, which the `u` flag reads whole). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Which kind of forbidden character `text` holds (controls are reported first), or null. For
 * values that must be kept exactly as given (a prefix that ends in a space, an email before it
 * is normalised).
 */
export function forbiddenCharacters(text: string, rule: Pick<TextRule, 'multiline' | 'joiners'> = {}): CharacterProblem | null {
  if ((rule.multiline ? CONTROL_BUT_LINES : CONTROL).test(text)) return 'control_characters';
  if ((rule.joiners ? FORMAT_BUT_JOINERS : FORMAT).test(text)) return 'format_characters';
  if (LONE_SURROGATE.test(text)) return 'broken_characters';
  return null;
}

/** Whether `problem` is a character the text must not hold (not its length). */
export const isCharacterProblem = (problem: TextProblem | null): problem is CharacterProblem =>
  problem === 'control_characters' || problem === 'format_characters' || problem === 'broken_characters';

/** The trimmed text, its length in code points, and the first rule it breaks (or null). */
export function checkText(value: unknown, rule: TextRule): { text: string; length: number; problem: TextProblem | null } {
  const text = typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
  const length = [...text].length;
  const problem: TextProblem | null = length < rule.min ? 'too_short' : length > rule.max ? 'too_long' : forbiddenCharacters(text, rule);
  return { text, length, problem };
}

/**
 * The sentence that explains `problem` to whoever typed the text: `subject` names the field as
 * a sentence starts it ("The title", "A project name"). Lengths are in characters (code points).
 */
export function textProblemMessage(subject: string, problem: TextProblem, rule: TextRule, length = 0): string {
  switch (problem) {
    case 'control_characters':
      return `${subject} must not contain control characters${rule.multiline ? '' : ' or line breaks'}.`;
    case 'format_characters':
      return `${subject} must not contain invisible formatting characters (zero-width characters or bidirectional text controls).`;
    case 'broken_characters':
      return `${subject} must not contain half of a character (a lone UTF-16 surrogate, as a cut emoji leaves).`;
    case 'too_short':
    case 'too_long':
      return rule.min > 0 ? `${subject} must be ${rule.min}–${rule.max} characters; got ${length}.` : `${subject} must be at most ${rule.max} characters; got ${length}.`;
  }
}

/**
 * `text` (cut to `max` code points) in double quotes, safe to print anywhere: control and
 * invisible formatting characters are written as escapes (`\u001b`, `\u202e`), so an error
 * message that repeats a rejected input cannot rewrite a terminal or reorder the line it is on.
 */
export function quoted(text: string, max = 80): string {
  const cut = [...text].slice(0, max).join('');
  return JSON.stringify(cut).replace(/[\p{Cf}\u2028\u2029]/gu, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
