import { Box, Text } from 'ink';
import { useKeyHints } from '../../layout-context.tsx';
import { useKeys } from '../../keyboard.tsx';

/** Freshly issued recovery codes, shown this once; only Enter leaves, after the user saved them. */
export function RecoveryCodesView({ codes, active, onDone }: { readonly codes: readonly string[]; readonly active: boolean; readonly onDone: () => void }) {
  useKeyHints([{ key: 'Enter', label: 'I have saved them' }], active);
  useKeys(
    (_input, key) => {
      if (key.return) onDone();
    },
    { isActive: active },
  );
  const half = Math.ceil(codes.length / 2);
  return (
    <Box flexDirection="column">
      <Text bold>Your recovery codes</Text>
      <Text> </Text>
      <Box borderStyle="single" borderColor="yellow" paddingX={1} flexDirection="column" alignSelf="flex-start">
        <Text color="yellow" bold>
          ⚠ Save these codes now: they are shown only once.
        </Text>
        <Text color="yellow">Each one signs you in once if you lose your authenticator device.</Text>
      </Box>
      <Text> </Text>
      <Box>
        <Box flexDirection="column" marginRight={6}>
          {codes.slice(0, half).map((code) => (
            <Text key={code} bold>
              {code}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column">
          {codes.slice(half).map((code) => (
            <Text key={code} bold>
              {code}
            </Text>
          ))}
        </Box>
      </Box>
      <Text> </Text>
      <Text color="cyan">Press Enter when you have saved them.</Text>
    </Box>
  );
}
