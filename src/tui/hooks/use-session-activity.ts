import { useRef } from 'react';
import type { AccountScope } from '../../core/index.ts';
import { useKeys } from '../keyboard.tsx';

/** Key presses closer together than this are one sign of life: the core writes activity at most once a minute anyway. */
const ACTIVITY_EVERY_MS = 30_000;

/**
 * Tells the core the user is there whenever they press a key (at most every 30 s), so a session
 * in use does not idle out while one left alone does: background refreshes are not activity.
 * A session found ended meanwhile signs the dashboard out (through the scope's onEnded).
 */
export function useSessionActivity(account: AccountScope | null): void {
  const last = useRef(0);
  useKeys(
    () => {
      if (!account || Date.now() - last.current < ACTIVITY_EVERY_MS) return;
      last.current = Date.now();
      account.session.stillHere().catch(() => undefined);
    },
    { isActive: account !== null },
  );
}
