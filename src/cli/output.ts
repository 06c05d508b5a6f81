import type { CliIo } from './context.ts';

/** Prints `value` as JSON when `json`, else the human text `text()` makes. */
export function print(io: CliIo, json: boolean | undefined, value: unknown, text: () => string): void {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

/** A fixed-width text table; empty rows print `empty`. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], empty = '(none)'): string {
  if (rows.length === 0) return empty;
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
