import { Box, Text } from 'ink';

/** A form field's label column: a pointer and cyan bold while the field has the keyboard. */
export function FieldLabel({ label, focused, width }: { readonly label: string; readonly focused: boolean; readonly width: number }) {
  return (
    <Box width={width} flexShrink={0}>
      <Text color={focused ? 'cyan' : undefined} bold={focused}>
        {focused ? '❯ ' : '  '}
        {label}
      </Text>
    </Box>
  );
}
