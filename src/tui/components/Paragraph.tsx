import { Box, Text } from 'ink';
import { wrapLines } from '../safe-text.ts';

/**
 * Text wrapped to `width` cells by word, one <Text> a line. Ink's own wrapping keeps the space a
 * line was broken at, so every wrapped line would begin with it; this one does not, and it is the
 * wrapping `wrappedRows` counts, so what is laid out below it fits.
 */
export function Paragraph({ text, width, color }: { readonly text: string; readonly width: number; readonly color?: string }) {
  return (
    <Box flexDirection="column">
      {wrapLines(text, width).map((line, index) => (
        <Text key={index} color={color}>
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}
