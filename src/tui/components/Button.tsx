import { Text } from 'ink';

/**
 * A button: cyan on focus where there is colour, and a ❯ pointer and brackets in any case, so the
 * focus shows on a terminal without colour (NO_COLOR) too.
 */
export function Button({ label, focused }: { readonly label: string; readonly focused: boolean }) {
  return (
    <Text color={focused ? 'black' : 'cyan'} backgroundColor={focused ? 'cyan' : undefined} bold>
      {focused ? '❯ [ ' : '  [ '}
      {label}
      {' ]'}
    </Text>
  );
}
