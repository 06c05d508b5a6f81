import { Box, Text } from 'ink';
import { QUIT_HINT, useKeyHints } from '../layout-context.tsx';
import { useGlobalKeys } from '../hooks/use-global-keys.ts';
import { useKeys } from '../keyboard.tsx';

export interface PlaceholderProps {
  readonly title: string;
  /** What brings the section, e.g. "the invitations service". */
  readonly coming: string;
  readonly description: string;
  readonly active: boolean;
  readonly onExit: () => void;
}

/** A section that is not built yet, saying what it will do. */
export function Placeholder({ title, coming, description, active, onExit }: PlaceholderProps) {
  const globalKeys = useGlobalKeys(onExit);
  useKeyHints([{ key: 'Esc', label: 'sections' }, QUIT_HINT], active);
  useKeys((input, key) => void globalKeys(input, key), { isActive: active });
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      <Text> </Text>
      <Text>{description}</Text>
      <Text> </Text>
      <Text color="yellow">◌ Coming with {coming}.</Text>
    </Box>
  );
}
