/**
 * Free text that people type and other people read (project names, token descriptions, reasons,
 * notification titles): trimmed, measured in code points, and free of control characters, which
 * could rewrite an operator's terminal (escape sequences) or forge lines in a list.
 */
export interface TextRule {
  readonly min: number;
  readonly max: number;
  /** Allow line breaks (\n) and tabs, e.g. in a notification's message. @default false */
  readonly multiline?: boolean;
}

export type TextProblem = 'too_short' | 'too_long' | 'control_characters';

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_BUT_LINES = /[^\P{Cc}\n\t]|[\u2028\u2029]/u;

/** The trimmed text, its length in code points, and the first rule it breaks (or null). */
export function checkText(value: unknown, rule: TextRule): { text: string; length: number; problem: TextProblem | null } {
  const text = typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
  const length = [...text].length;
  const control = rule.multiline ? CONTROL_BUT_LINES : CONTROL;
  const problem: TextProblem | null =
    length < rule.min ? 'too_short' : length > rule.max ? 'too_long' : control.test(text) ? 'control_characters' : null;
  return { text, length, problem };
}
