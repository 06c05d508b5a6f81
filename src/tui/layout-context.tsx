import { createContext, useContext, useEffect, type ReactNode } from 'react';

/** One key hint in the footer: the key and what it does. */
export interface KeyHint {
  readonly key: string;
  readonly label: string;
}

/** True when `a` and `b` show the same hints in the same order. */
export const sameHints = (a: readonly KeyHint[], b: readonly KeyHint[]): boolean =>
  a.length === b.length && a.every((hint, index) => hint.key === b[index]!.key && hint.label === b[index]!.label);

export interface LayoutValue {
  /** Cells available to the body (between header and footer). */
  readonly bodyWidth: number;
  readonly bodyHeight: number;
  readonly setHints: (hints: readonly KeyHint[]) => void;
}

const LayoutContext = createContext<LayoutValue | null>(null);

export function LayoutProvider({ value, children }: { readonly value: LayoutValue; readonly children: ReactNode }) {
  return <LayoutContext.Provider value={value}>{children}</LayoutContext.Provider>;
}

/** The body's size and the footer's hint setter; throws outside <LayoutProvider>. */
export function useLayout(): LayoutValue {
  const value = useContext(LayoutContext);
  if (!value) throw new Error('useLayout() must be used inside <LayoutProvider>.');
  return value;
}

/**
 * Shows `hints` in the footer while `active`. Only the component that has the keyboard is
 * active, so exactly one set of hints is on screen and it matches the keys that work.
 */
export function useKeyHints(hints: readonly KeyHint[], active = true): void {
  const { setHints } = useLayout();
  const signature = hints.map((hint) => `${hint.key}\u0000${hint.label}`).join('\u0001');
  useEffect(() => {
    if (active) setHints(hints);
    // The signature stands for the hints' content; a new array with the same hints changes nothing.
  }, [active, signature, setHints]);
}

/** Hints most screens end with. */
export const BACK_HINT: KeyHint = { key: 'Esc/←', label: 'back' };
export const QUIT_HINT: KeyHint = { key: 'q', label: 'quit' };
