import { useRef } from 'react';
import { Box, Text } from 'ink';
import { useKeys, usePaste } from '../keyboard.tsx';
import { cellWidth, oneLine } from '../safe-text.ts';
import { FieldLabel } from './FieldLabel.tsx';

export interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Enter in the field. */
  readonly onSubmit?: () => void;
  /** Only the focused field takes keys. */
  readonly focused: boolean;
  /** Shows • for each character (passwords). */
  readonly mask?: boolean;
  readonly placeholder?: string;
  /** Cells for the label column, so fields line up. @default 20 */
  readonly labelWidth?: number;
  /** Cells for the value; longer text shows its end. @default 40 */
  readonly valueWidth?: number;
}

const MASK = '•';
// Control characters (Enter, Tab, Esc, Backspace…) are keys, not text.
const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * A one-line text field. Backspace arrives as \x7f, which Ink reports as `delete`, so both
 * delete the last character; Ctrl+U clears the field. Keys that are not text (Tab, arrows,
 * Esc) are left to the form around it.
 */
export function TextField({ label, value, onChange, onSubmit, focused, mask = false, placeholder = '', labelWidth = 20, valueWidth = 40 }: TextFieldProps) {
  // Several keys can arrive before the parent re-renders (a paste, fast typing): build on the newest value.
  const latest = useRef(value);
  latest.current = value;

  // A paste is text for this field only: its line breaks become spaces (one line here), and its
  // Enter neither submits the form nor moves on.
  usePaste(
    (text) => {
      const line = oneLine(text);
      if (line === '') return;
      latest.current += line;
      onChange(latest.current);
    },
    { isActive: focused },
  );

  useKeys(
    (input, key) => {
      if (key.return) {
        onSubmit?.();
        return;
      }
      if (key.backspace || key.delete) {
        latest.current = [...latest.current].slice(0, -1).join('');
        onChange(latest.current);
        return;
      }
      if (key.ctrl && input === 'u') {
        latest.current = '';
        onChange('');
        return;
      }
      if (key.ctrl || key.meta || key.tab || key.escape || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      const text = input.replace(CONTROL, '');
      if (text === '') return;
      latest.current += text;
      onChange(latest.current);
    },
    { isActive: focused },
  );

  const shown = mask ? MASK.repeat([...value].length) : value;
  const visible = tailWithin(shown, Math.max(1, valueWidth - 1));
  return (
    <Box>
      <FieldLabel label={label} focused={focused} width={labelWidth} />
      <Box width={valueWidth} flexShrink={0}>
        <Text underline={!focused} color={focused ? 'white' : undefined}>
          {visible === '' && !focused ? <Text color="gray">{placeholder || ' '}</Text> : visible}
          {focused ? <Text inverse> </Text> : ''}
        </Text>
      </Box>
    </Box>
  );
}

/**
 * The end of `text` that fits `cells` terminal cells (one is kept for the cursor by the caller):
 * wide characters (CJK, most emoji) take two, so a field of them never wraps onto a second line.
 */
function tailWithin(text: string, cells: number): string {
  const chars = [...text];
  let used = 0;
  let start = chars.length;
  while (start > 0) {
    const width = cellWidth(chars[start - 1]!);
    if (used + width > cells) break;
    used += width;
    start -= 1;
  }
  return chars.slice(start).join('');
}
