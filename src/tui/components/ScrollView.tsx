import { useState } from 'react';
import { Box, Text, type Key } from 'ink';

export interface Scroll {
  /** The first line shown. */
  readonly offset: number;
  readonly setOffset: (offset: number) => void;
  /** ↑ ↓ j k PgUp PgDn Space Home End; true when the key was used. */
  readonly handleKey: (input: string, key: Key) => boolean;
}

/** A window of `height` lines over `total` lines, moved by the keyboard. */
export function useScroll(total: number, height: number): Scroll {
  const [raw, setRaw] = useState(0);
  // ScrollView gives one row to its position line when the text does not fit.
  const visible = total > height ? Math.max(1, height - 1) : height;
  const last = Math.max(0, total - visible);
  const offset = Math.min(raw, last);
  const move = (to: number) => setRaw(Math.min(Math.max(0, to), last));
  const handleKey = (input: string, key: Key): boolean => {
    const page = Math.max(1, visible - 1);
    if (key.upArrow || (input === 'k' && !key.ctrl)) move(offset - 1);
    else if (key.downArrow || (input === 'j' && !key.ctrl)) move(offset + 1);
    else if (key.pageUp) move(offset - page);
    else if (key.pageDown || input === ' ') move(offset + page);
    else if (key.home) move(0);
    else if (key.end) move(last);
    else return false;
    return true;
  };
  return { offset, setOffset: move, handleKey };
}

/** One line of a scrolled text, already wrapped to the view's width. */
export interface ScrollLine {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
  readonly underline?: boolean;
}

/**
 * Lines that may be more than fit: `height` rows of them from `offset`, and, when they do not
 * all fit, a last row saying which lines are shown and that more is above or below.
 */
export function ScrollView({ lines, offset, height }: { readonly lines: readonly ScrollLine[]; readonly offset: number; readonly height: number }) {
  const scrolls = lines.length > height;
  const rows = Math.max(1, scrolls ? height - 1 : height);
  const shown = lines.slice(offset, offset + rows);
  return (
    <Box flexDirection="column">
      {shown.map((line, index) => (
        <Text key={offset + index} wrap="truncate-end" color={line.color} bold={line.bold} underline={line.underline}>
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      {scrolls && (
        <Text color="gray">
          {offset > 0 ? '▲' : ' '}
          {offset + rows < lines.length ? '▼' : ' '} lines {offset + 1}–{offset + shown.length} of {lines.length} · ↑↓ PgUp PgDn to scroll
        </Text>
      )}
    </Box>
  );
}
