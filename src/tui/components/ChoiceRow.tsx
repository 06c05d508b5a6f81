import { Box, Text } from 'ink';
import { useKeys } from '../keyboard.tsx';
import { FieldLabel } from './FieldLabel.tsx';

export interface ChoiceRowProps<T> {
  readonly label: string;
  readonly choices: readonly T[];
  readonly value: T;
  readonly labelOf: (choice: T) => string;
  readonly onChange: (choice: T) => void;
  /** Enter on the row. */
  readonly onSubmit?: () => void;
  /** Only the focused row takes ← → (and h l). */
  readonly focused: boolean;
  /** Cells for the label column, so it lines up with text fields. @default 20 */
  readonly labelWidth?: number;
}

/** One choice out of a few, side by side (radio buttons); ← → move the choice. */
export function ChoiceRow<T>({ label, choices, value, labelOf, onChange, onSubmit, focused, labelWidth = 20 }: ChoiceRowProps<T>) {
  const index = Math.max(0, choices.indexOf(value));
  useKeys(
    (input, key) => {
      if (key.return) onSubmit?.();
      else if ((key.leftArrow || input === 'h') && index > 0) onChange(choices[index - 1]!);
      else if ((key.rightArrow || input === 'l') && index < choices.length - 1) onChange(choices[index + 1]!);
    },
    { isActive: focused },
  );
  return (
    <Box>
      <FieldLabel label={label} focused={focused} width={labelWidth} />
      <Box flexWrap="wrap">
        {choices.map((choice, position) => {
          const chosen = position === index;
          return (
            <Box key={labelOf(choice)} marginRight={2}>
              <Text color={chosen ? (focused ? 'cyan' : 'white') : 'gray'} bold={chosen}>
                {chosen ? '◉' : '○'} {labelOf(choice)}
              </Text>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
