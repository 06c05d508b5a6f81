import { Box, Text } from 'ink';
import { useCore } from '../context.tsx';
import { describeError } from '../messages.ts';

/** The error of the last action in plain words; nothing when there is none. */
export function ErrorBanner({ error }: { readonly error: unknown }) {
  const core = useCore();
  if (error === null || error === undefined) return null;
  return (
    <Box>
      <Text color="red">✖ {describeError(error, core.clock.now())}</Text>
    </Box>
  );
}

/** A one-line confirmation of what just happened. */
export function SuccessLine({ text }: { readonly text: string | null }) {
  if (!text) return null;
  return <Text color="green">✔ {text}</Text>;
}
