import { useEffect, useState } from 'react';
import { useCore } from '../context.tsx';

/** How often a ticking clock re-renders, in milliseconds. */
export const TICK_MS = 1000;

/**
 * The core's current time, re-read every `intervalMs` while `enabled`: for countdowns, which
 * must move on screen even when no data changes.
 */
export function useNow(enabled = true, intervalMs = TICK_MS): Date {
  const core = useCore();
  const [, setTicks] = useState(0);
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = setInterval(() => setTicks((ticks) => ticks + 1), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs]);
  return core.clock.now();
}
