import type { CliIo } from './context.ts';

/** Prints `value` as JSON when `json`, else the human text `text()` makes. */
export function print(io: CliIo, json: boolean | undefined, value: unknown, text: () => string): void {
  // Stored text is checked on the way in; data written before those checks is escaped on the way out.
  io.stdout.write(json ? `${printable(JSON.stringify(value, null, 2), true)}\n` : `${printable(text(), true)}\n`);
}

/** A fixed-width text table; empty rows print `empty`. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/**
 * `text` safe to print on a terminal: control characters (ESC, BEL…) and invisible formatting
 * characters (bidirectional overrides, zero-width) written as escapes, so an error that repeats
 * what someone typed (an id, an email) can neither rewrite the terminal nor reorder the line.
 * Line breaks (and tabs) are escaped too unless `keepLines`: an error is one line.
 */
export function printable(text: string, keepLines = false): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (char) => {
    if (keepLines && (char === '\n' || char === '\t')) return char;
    return char === '\n' ? '\\n' : `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  });
}
