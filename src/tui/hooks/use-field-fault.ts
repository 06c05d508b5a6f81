import { useCallback, useRef, useState } from 'react';

export interface FieldFault<F extends string> {
  /** The field that has the keyboard. */
  readonly focus: F;
  readonly setFocus: (field: F | ((current: F) => F)) => void;
  /** The form's own message (a field left empty, a bad date); null while none is shown. */
  readonly message: string | null;
  /**
   * After an error: moves the focus to the field at fault and keeps the message on screen until
   * that field changes. `message` is the form's own words; without it the form shows the core's
   * error (its action's), which `clearError` clears in the same way.
   */
  readonly blame: (field: F, message?: string | null) => void;
  /** Tells that `field`'s value changed: when it is the field at fault, the message goes. */
  readonly changed: (field: F) => void;
  /** Drops the message and the fault (before a new submit). */
  readonly clear: () => void;
}

/**
 * Focus and the error message of a form, the way every form of the dashboard handles an error:
 * the focus moves to the field at fault, and the message stays until that field changes
 * (moving about or typing elsewhere keeps it). `clearError` is the form's action's, so a core
 * error (shown by its banner) clears the same way as the form's own message.
 */
export function useFieldFault<F extends string>(initial: F, clearError?: () => void): FieldFault<F> {
  const [focus, setFocus] = useState<F>(initial);
  const [message, setMessage] = useState<string | null>(null);
  // Read by `changed`, which a field calls once per key, possibly several times before a render.
  const fault = useRef<F | null>(null);
  const clearing = useRef(clearError);
  clearing.current = clearError;

  const blame = useCallback((field: F, text: string | null = null) => {
    fault.current = field;
    setFocus(field);
    setMessage(text);
  }, []);
  const clear = useCallback(() => {
    fault.current = null;
    setMessage(null);
  }, []);
  const changed = useCallback((field: F) => {
    if (fault.current !== field) return;
    fault.current = null;
    setMessage(null);
    clearing.current?.();
  }, []);
  return { focus, setFocus, message, blame, changed, clear };
}
