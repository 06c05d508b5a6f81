import { Box, Text } from 'ink';
import type { KeyHint } from '../layout-context.tsx';

/** One row of the keys that work on this screen. */
export function Footer({ hints }: { readonly hints: readonly KeyHint[] }) {
  return (
    <Box paddingX={1} flexShrink={0} overflow="hidden">
      <Text wrap="truncate-end">
        {hints.map((hint, index) => (
          <Text key={`${hint.key}-${hint.label}`}>
            {index > 0 ? '  ' : ''}
            <Text color="cyan" bold>
              {hint.key}
            </Text>
            <Text color="gray"> {hint.label}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
