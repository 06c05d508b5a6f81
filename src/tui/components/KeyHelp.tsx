import { Box, Text } from 'ink';
import type { KeyHint } from '../layout-context.tsx';

/** Keys that work on every screen, whatever it declares. */
export const ALWAYS_KEYS: readonly KeyHint[] = [
  { key: 'Ctrl+C', label: 'quit, from anywhere' },
  { key: '?', label: 'this list of keys (outside text fields)' },
];

/**
 * `?`: every key of the screen underneath, from the very hints its footer shows (the footer can
 * only show as many as fit on one row), then the keys that work everywhere.
 */
export function KeyHelp({ hints, title }: { readonly hints: readonly KeyHint[]; readonly title: string }) {
  const rows = [...hints, ...ALWAYS_KEYS];
  const keyWidth = Math.max(...rows.map((hint) => [...hint.key].length)) + 2;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} alignSelf="flex-start">
      <Text bold>Keys on this screen: {title}</Text>
      <Text> </Text>
      {rows.map((hint) => (
        <Text key={`${hint.key}\u0000${hint.label}`}>
          <Text color="cyan" bold>
            {hint.key.padEnd(keyWidth)}
          </Text>
          {hint.label}
        </Text>
      ))}
      <Text> </Text>
      <Text color="gray">Esc or ? closes this list.</Text>
    </Box>
  );
}
