import { createContext, useContext, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';

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
  /** Shows `hints` in the footer; `owner` names the view that reported them (see useKeyHints). */
  readonly setHints: (hints: readonly KeyHint[], owner?: object) => void;
  /**
   * The view that has the keyboard now, set and cleared by useKeyHints in layout effects, that is
   * within the commit that mounts or unmounts a view: the footer shows hints only while their
   * owner has the keyboard (read when the frame is drawn). Absent: every reported hint is shown.
   */
  readonly hintOwner?: { current: object | null };
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
 *
 * A view that takes the keyboard from another (a form opened from a list, a detail, a dialog)
 * reports its hints in an effect, after the frame that first shows it; that frame would carry the
 * keys of the view before, which no longer work. So the view also claims the footer in a layout
 * effect, and gives it up in its layout cleanup, which React runs before that frame is drawn:
 * the frame shows no keys, the next one the new view's.
 */
export function useKeyHints(hints: readonly KeyHint[], active = true): void {
  const { setHints, hintOwner } = useLayout();
  const self = useRef<object>({});
  const signature = hints.map((hint) => `${hint.key}\u0000${hint.label}`).join('\u0001');
  useLayoutEffect(() => {
    if (!active || !hintOwner) return;
    hintOwner.current = self.current;
    return () => {
      if (hintOwner.current === self.current) hintOwner.current = null;
    };
  }, [active, hintOwner]);
  useEffect(() => {
    if (active) setHints(hints, self.current);
    // The signature stands for the hints' content; a new array with the same hints changes nothing.
  }, [active, signature, setHints]);
}

/** Hints most screens end with. */
export const BACK_HINT: KeyHint = { key: 'Esc/←', label: 'back' };
export const QUIT_HINT: KeyHint = { key: 'q', label: 'quit' };
