import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** Cells between tab stops, as terminals set them. */
export const TAB_CELLS = 8;

// Escape sequences would move the cursor or recolour the screen; control and bidi-override
// characters would hide or reorder the text around them. None of them is text to show.
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Each tab replaced by the spaces up to the next tab stop, counted in cells from the line's start. */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const part of line.split('\t').map((piece, index, all) => ({ piece, tab: index < all.length - 1 }))) {
    out += part.piece;
    if (part.tab) out += ' '.repeat(TAB_CELLS - (stringWidth(out) % TAB_CELLS));
  }
  return out;
}

/**
 * Someone else's text (a reason, a message, a description) made safe to draw: escape sequences
 * and invisible control characters removed, tabs expanded, line breaks kept as `\n`.
 */
export function safeText(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .split('\n')
    .map(expandTabs)
    .join('\n');
}

/** Text for a one-line field (a paste, a list row): line breaks and tabs become single spaces, ends trimmed of them. */
export function oneLine(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/^[\r\n]+|[\r\n]+$/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(INVISIBLE, '');
}

/** Cells `text` takes on a terminal: wide characters (CJK, most emoji) take two. */
export const cellWidth = (text: string): number => stringWidth(text);

/**
 * `text` made safe and wrapped to `width` cells: words move to the next line whole, a word
 * longer than a line (a URL) is broken across lines, and no line begins with the space it
 * was broken at. Widths are counted in cells, so wide characters never run past the edge.
 */
export function wrapLines(text: string, width: number): string[] {
  const room = Math.max(1, width);
  return safeText(text)
    .split('\n')
    .flatMap((paragraph) => (paragraph === '' ? [''] : wrapAnsi(paragraph, room, { hard: true, trim: true, wordWrap: true }).split('\n')));
}

/** `text` made one safe line, cut to `width` cells with … when longer. */
export function fitLine(text: string, width: number): string {
  const line = oneLine(safeText(text));
  if (stringWidth(line) <= width) return line;
  let out = '';
  for (const char of line) {
    if (stringWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}
