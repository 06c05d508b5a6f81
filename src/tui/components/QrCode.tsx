import { Box, Text } from 'ink';

/** Black on white, then back to normal (SGR); Ink keeps SGR sequences in text. */
const BLACK_ON_WHITE = '\x1b[30;47m';
const RESET = '\x1b[0m';

/**
 * A QR code as terminal lines, black on white whatever the terminal's theme, so phone cameras
 * read it on dark and light terminals alike. The colours are written as escape codes rather
 * than Ink colours: with colour detection off (CI set, NO_COLOR, a plain TERM) the code would
 * otherwise come out in the terminal's own colours, inverted on a dark theme, and many phone
 * apps do not read an inverted code. One <Text> per line keeps the rows aligned.
 */
export function QrCode({ lines }: { readonly lines: readonly string[] }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((line, index) => (
        <Text key={index}>{`${BLACK_ON_WHITE}${line}${RESET}`}</Text>
      ))}
    </Box>
  );
}

/** Cells a QR code of `lines` takes: widest line × number of lines. */
export const qrSize = (lines: readonly string[]) => ({
  width: Math.max(0, ...lines.map((line) => [...line].length)),
  height: lines.length,
});
