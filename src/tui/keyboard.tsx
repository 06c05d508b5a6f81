import { createContext, useContext, useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

interface Binding {
  readonly handler: KeyHandler;
  readonly active: boolean;
  /** Still gets keys while the screen is hidden (the terminal too small): quitting. */
  readonly whileHidden: boolean;
}

export type PasteHandler = (text: string) => void;

interface PasteBinding {
  readonly handler: PasteHandler;
  readonly active: boolean;
}

interface Keyboard {
  readonly bindings: Set<RefObject<Binding>>;
  /** Who takes a paste: the focused text field (or list filter), if any. */
  readonly pastes: Set<RefObject<PasteBinding>>;
  /** The text of a paste still arriving (between its start and end markers); null outside one. */
  readonly pasting: { current: string | null };
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
  const keyboard = useMemo<Keyboard>(() => ({ bindings: new Set(), pastes: new Set(), pasting: { current: null }, hidden: { current: false } }), []);
  useInput((input, key) => {
    // Bracketed paste (the terminal marks a paste with ESC[200~ … ESC[201~, which Ink reports
    // without its ESC): what comes between is text for the focused field, never keys. Enter or
    // a letter in it must not submit a form or run a shortcut.
    if (input === PASTE_START) {
      keyboard.pasting.current = '';
      return;
    }
    if (keyboard.pasting.current !== null) {
      if (input === PASTE_END) {
        const text = keyboard.pasting.current;
        keyboard.pasting.current = null;
        if (keyboard.hidden.current) return;
        for (const binding of [...keyboard.pastes]) if (binding.current.active) binding.current.handler(text);
        return;
      }
      keyboard.pasting.current += key.return ? '\n' : key.tab ? '\t' : input;
      return;
    }
    for (const binding of [...keyboard.bindings]) {
      if (binding.current.active && (binding.current.whileHidden || !keyboard.hidden.current)) binding.current.handler(input, key);
    }
  });
  return <KeyboardContext.Provider value={keyboard}>{children}</KeyboardContext.Provider>;
}

/** Where a bracketed paste starts and ends, as Ink reports them (the leading ESC removed). */
const PASTE_START = '[200~';
const PASTE_END = '[201~';

/**
 * Takes what the user pastes while `isActive` (the focused field). A paste never reaches
 * `useKeys`: in a terminal that marks pastes, nothing pasted acts as a key.
 */
export function usePaste(handler: PasteHandler, options: { readonly isActive?: boolean } = {}): void {
  const keyboard = useContext(KeyboardContext);
  if (!keyboard) throw new Error('usePaste() must be used inside <KeyboardProvider>.');
  const { pastes } = keyboard;
  const binding = useRef<PasteBinding>({ handler, active: options.isActive ?? true });
  binding.current = { handler, active: options.isActive ?? true };
  useLayoutEffect(() => {
    pastes.add(binding);
    return () => {
      pastes.delete(binding);
    };
  }, [pastes]);
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
