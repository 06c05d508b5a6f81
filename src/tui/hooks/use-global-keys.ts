import { useCallback } from 'react';
import type { Key } from 'ink';
import { useNav } from '../nav-context.tsx';

/**
 * The keys every screen shares, for the component that has the keyboard to fall back on when
 * it did not use a key itself: `q` quits, `?` lists the screen's keys and Esc (or ←, the way
 * back from wherever → opened) goes back. Components with a focused text
 * field never call it for printable keys, so typing "q" into a field does not quit. A panel
 * inside a screen passes `onEscape` to leave the panel instead of the screen.
 * Returns true when the key was used.
 */
export function useGlobalKeys(onEscape?: () => void): (input: string, key: Key) => boolean {
  const { dispatch, quit, showHelp, state } = useNav();
  const depth = state.stack.length;
  return useCallback(
    (input: string, key: Key) => {
      if (input === 'q' && !key.ctrl && !key.meta) {
        quit();
        return true;
      }
      // Wherever q quits, ? opens the list of keys: both are only reached outside text fields.
      if (input === '?') {
        showHelp();
        return true;
      }
      const back = key.escape || key.leftArrow;
      if (back && onEscape) {
        onEscape();
        return true;
      }
      if (back && depth > 1) {
        dispatch({ type: 'pop' });
        return true;
      }
      return false;
    },
    [dispatch, quit, showHelp, depth, onEscape],
  );
}
