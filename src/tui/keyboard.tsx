import { createContext, useContext, useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

interface Binding {
  readonly handler: KeyHandler;
  readonly active: boolean;
}

const KeyboardContext = createContext<Set<RefObject<Binding>> | null>(null);

/**
 * One Ink input listener for the whole dashboard, handing each key to every active binding.
 * Ink's own `useInput` re-subscribes in a passive effect, which runs some time after the render:
 * a key arriving right after Tab would still reach the field Tab just left. Here each binding's
 * handler and `active` flag are read at the moment the key arrives, as the last render left them.
 */
export function KeyboardProvider({ children }: { readonly children: ReactNode }) {
  const bindings = useMemo(() => new Set<RefObject<Binding>>(), []);
  useInput((input, key) => {
    for (const binding of [...bindings]) if (binding.current.active) binding.current.handler(input, key);
  });
  return <KeyboardContext.Provider value={bindings}>{children}</KeyboardContext.Provider>;
}

/** Like Ink's `useInput`, but switching `isActive` takes effect for the very next key. */
export function useKeys(handler: KeyHandler, options: { readonly isActive?: boolean } = {}): void {
  const bindings = useContext(KeyboardContext);
  if (!bindings) throw new Error('useKeys() must be used inside <KeyboardProvider>.');
  const binding = useRef<Binding>({ handler, active: options.isActive ?? true });
  // Updated while rendering on purpose (no concurrent rendering here): by the time the next key
  // is read, this is what the screen on display was rendered with.
  binding.current = { handler, active: options.isActive ?? true };
  useLayoutEffect(() => {
    bindings.add(binding);
    return () => {
      bindings.delete(binding);
    };
  }, [bindings]);
}
