import { Box, Text, Transform } from 'ink';
import type { KeyHint } from '../layout-context.tsx';

/** Cells a hint takes in the footer: the key, a space, the label (two spaces separate hints). */
const cells = (hint: KeyHint): number => [...hint.key].length + 1 + [...hint.label].length;
const GAP = 2;

/**
 * One row of the keys that work on this screen. With `help` (the screen takes `?`), the row ends
 * with `? keys`, or `? more keys` when some did not fit: those are in the `?` list, never cut
 * off mid-word. `width` is the row's cells. `visible` is asked when the frame is drawn (not when
 * it is rendered): false draws the row empty (see useKeyHints).
 */
export function Footer({
  hints,
  help = false,
  width,
  visible,
}: {
  readonly hints: readonly KeyHint[];
  readonly help?: boolean;
  readonly width?: number;
  readonly visible?: () => boolean;
}) {
  let shown = hints;
  if (help && width !== undefined) {
    const room = width - cells({ key: '?', label: 'more keys' });
    let used = 0;
    const fitting = hints.findIndex((hint) => (used += cells(hint) + GAP) > room);
    if (fitting >= 0) shown = hints.slice(0, fitting);
  }
  const all: readonly KeyHint[] = help ? [...shown, { key: '?', label: shown.length < hints.length ? 'more keys' : 'keys' }] : shown;
  return (
    <Box paddingX={1} flexShrink={0} overflow="hidden">
      <Transform transform={(line) => (visible === undefined || visible() ? line : '')}>
        <Text wrap="truncate-end">
          {all.map((hint, index) => (
            <Text key={`${hint.key}-${hint.label}`}>
              {index > 0 ? '  ' : ''}
              <Text color="cyan" bold>
                {hint.key}
              </Text>
              <Text color="gray"> {hint.label}</Text>
            </Text>
          ))}
        </Text>
      </Transform>
    </Box>
  );
}
