import { useCallback, useEffect, useRef, useState } from 'react';
import { useDashboard } from '../context.tsx';
import { isExpectedError } from '../messages.ts';
import { isAccountError } from '../../core/index.ts';

/** A call the core refused until the user confirms who they are (sudo mode): the form shows <SudoPrompt> instead. */
export interface SudoRequest {
  /** What the core accepts: the password, or (with MFA on) also a code from the app. */
  readonly proof: 'password' | 'password_or_code';
  /** true: confirmed, the call runs again; false: the user gave up, nothing happened. */
  readonly settle: (confirmed: boolean) => void;
}

export type ActionOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export interface Action {
  /** True while a call runs: forms ignore Enter meanwhile, so nothing is submitted twice. */
  readonly busy: boolean;
  /** The last call's error (shown by <ErrorBanner>), cleared when the next call starts. */
  readonly error: unknown;
  readonly clearError: () => void;
  /** Set while the call waits for the user to confirm who they are; the call then runs again. */
  readonly sudo: SudoRequest | null;
  /**
   * Runs `work`; an unexpected error is logged with `doing` and kept for the banner like any other.
   * After a success everything on screen re-reads at once (the work may have changed data).
   */
  readonly run: <T>(doing: string, work: () => Promise<T>) => Promise<ActionOutcome<T>>;
}

/** Busy and error state around one kind of core call. */
export function useAction(): Action {
  const { logError, changes } = useDashboard();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sudo, setSudo] = useState<SudoRequest | null>(null);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const run = useCallback(
    async <T,>(doing: string, work: () => Promise<T>): Promise<ActionOutcome<T>> => {
      setBusy(true);
      setError(null);
      try {
        const value = await work();
        if (mounted.current) setBusy(false);
        changes.notify();
        return { ok: true, value };
      } catch (caught) {
        if (isAccountError(caught, 'SUDO_REQUIRED') && mounted.current) {
          // The caller keeps awaiting this call: once the user confirmed, it runs again and resolves as if asked once.
          const proof = caught.details['proof'] === 'password_or_code' ? 'password_or_code' : 'password';
          const confirmed = await new Promise<boolean>((settle) => setSudo({ proof, settle }));
          if (mounted.current) setSudo(null);
          if (confirmed) return run(doing, work);
          if (mounted.current) {
            setBusy(false);
            setError(caught);
          }
          return { ok: false, error: caught };
        }
        if (!isExpectedError(caught)) logError(caught, doing);
        if (mounted.current) {
          setBusy(false);
          setError(caught);
        }
        return { ok: false, error: caught };
      }
    },
    [logError, changes],
  );
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, clearError, run, sudo };
}
