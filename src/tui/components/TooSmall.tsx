import { Box, Text } from 'ink';

export interface TooSmallProps {
  readonly columns: number;
  readonly rows: number;
  readonly minColumns: number;
  readonly minRows: number;
}

/** Shown instead of the dashboard while the terminal is smaller than it needs. */
export function TooSmall({ columns, rows, minColumns, minRows }: TooSmallProps) {
  return (
    <Box flexDirection="column" padding={1}>
      <Text bold color="yellow">
        Terminal too small
      </Text>
      <Text>
        The dashboard needs at least {minColumns}×{minRows} (columns×rows).
      </Text>
      <Text>
        This one is {columns}×{rows}.
      </Text>
      <Text color="gray">Enlarge the window or reduce the font size. q or Ctrl+C quits.</Text>
    </Box>
  );
}
