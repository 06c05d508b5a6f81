import { createContext, useContext, useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

interface Binding {
  readonly handler: KeyHandler;
  readonly active: boolean;
  /** Still gets keys while the screen is hidden (the terminal too small): quitting. */
  readonly whileHidden: boolean;
}

interface Keyboard {
  readonly bindings: Set<RefObject<Binding>>;
  /** True while the screens are hidden: their keys must not act on what nobody sees. */
  readonly hidden: { current: boolean };
}

const KeyboardContext = createContext<Keyboard | null>(null);

/**
 * One Ink input listener for the whole dashboard, handing each key to every active binding.
 * Ink's own `useInput` re-subscribes in a passive effect, which runs some time after the render:
 * a key arriving right after Tab would still reach the field Tab just left. Here each binding's
 * handler and `active` flag are read at the moment the key arrives, as the last render left them.
 */
export function KeyboardProvider({ children }: { readonly children: ReactNode }) {
  const keyboard = useMemo<Keyboard>(() => ({ bindings: new Set(), hidden: { current: false } }), []);
  useInput((input, key) => {
    for (const binding of [...keyboard.bindings]) {
      if (binding.current.active && (binding.current.whileHidden || !keyboard.hidden.current)) binding.current.handler(input, key);
    }
  });
  return <KeyboardContext.Provider value={keyboard}>{children}</KeyboardContext.Provider>;
}

/** While `hidden`, only bindings made with `whileHidden` get keys (see App: the terminal too small). */
export function useHideKeys(hidden: boolean): void {
  const keyboard = useContext(KeyboardContext);
  if (!keyboard) throw new Error('useHideKeys() must be used inside <KeyboardProvider>.');
  keyboard.hidden.current = hidden;
}

/** Like Ink's `useInput`, but switching `isActive` takes effect for the very next key. */
export function useKeys(handler: KeyHandler, options: { readonly isActive?: boolean; readonly whileHidden?: boolean } = {}): void {
  const keyboard = useContext(KeyboardContext);
  if (!keyboard) throw new Error('useKeys() must be used inside <KeyboardProvider>.');
  const { bindings } = keyboard;
  const binding = useRef<Binding>({ handler, active: options.isActive ?? true, whileHidden: options.whileHidden ?? false });
  // Updated while rendering on purpose (no concurrent rendering here): by the time the next key
  // is read, this is what the screen on display was rendered with.
  binding.current = { handler, active: options.isActive ?? true, whileHidden: options.whileHidden ?? false };
  useLayoutEffect(() => {
    bindings.add(binding);
    return () => {
      bindings.delete(binding);
    };
  }, [bindings]);
}
