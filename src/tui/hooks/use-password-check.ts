import { useEffect, useState } from 'react';
import { passwordProblem, preparePasswordPolicy, type PasswordOwner, type PasswordProblem } from '../../core/index.ts';
import { useDashboard } from '../context.tsx';

/**
 * Pause after the last keystroke before the policy looks at the new password, in milliseconds.
 * A check takes a few ms, but tens of ms for a long password full of symbols; waiting for a
 * pause keeps typing smooth whatever is typed.
 */
export const PASSWORD_CHECK_DELAY_MS = 120;

export interface PasswordCheck {
  /** The verdict on the password as typed, or on the one before while it is being checked. */
  readonly problem: PasswordProblem | null;
  /** True once a verdict exists; false for an empty field and before the first verdict. */
  readonly checked: boolean;
  /** True while the verdict is for an earlier value than the one typed. */
  readonly pending: boolean;
}

/**
 * The core's password policy applied as the user types: debounced, and the dictionaries loaded
 * when the form opens rather than on the first keystroke.
 */
export function usePasswordCheck(password: string, owner: PasswordOwner): PasswordCheck {
  const { logError } = useDashboard();
  const [verdict, setVerdict] = useState<{ readonly password: string; readonly problem: PasswordProblem | null } | null>(null);
  const { email, name } = owner;

  useEffect(() => {
    preparePasswordPolicy().catch((error: unknown) => logError(error, 'loading the password policy'));
  }, [logError]);

  useEffect(() => {
    if (password === '') return undefined;
    let current = true;
    const timer = setTimeout(() => {
      passwordProblem(password, { email, name }).then(
        (problem) => current && setVerdict({ password, problem }),
        (error: unknown) => logError(error, 'checking the password policy'),
      );
    }, PASSWORD_CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, email, name, logError]);

  if (password === '' || verdict === null) return { problem: null, checked: false, pending: password !== '' };
  return { problem: verdict.problem, checked: true, pending: verdict.password !== password };
}
