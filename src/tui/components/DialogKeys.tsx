import { Fragment } from 'react';
import { Text } from 'ink';
import type { KeyHint } from '../layout-context.tsx';

/** A dialog's own line of keys, under what it asks: each key in cyan and what it does, four spaces apart. */
export function DialogKeys({ keys }: { readonly keys: readonly KeyHint[] }) {
  return (
    <Text>
      {keys.map((hint, i) => (
        <Fragment key={hint.key}>
          {i > 0 ? '    ' : ''}
          <Text color="cyan" bold>
            {hint.key}
          </Text>{' '}
          {hint.label}
        </Fragment>
      ))}
    </Text>
  );
}
