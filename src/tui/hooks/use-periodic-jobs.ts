import { useEffect } from 'react';
import type { Core } from '../../core/index.ts';

/** How often an open dashboard asks the core to send due token expiry reminders. */
export const REMINDER_INTERVAL_MS = 60_000;

/**
 * Sends due Management API token reminders while the dashboard is open, so they arrive even
 * when the Slack app is not running. The core sends each reminder once and writes nothing when
 * none is due, so several dashboards and the Slack app can all do this.
 */
export function useExpiryReminders(core: Core, logError: (error: unknown, doing: string) => void, intervalMs = REMINDER_INTERVAL_MS): void {
  useEffect(() => {
    let stopped = false;
    const run = () => {
      core.tokens.sendExpiryReminders().catch((error: unknown) => {
        if (!stopped) logError(error, 'sending token expiry reminders');
      });
    };
    run();
    const timer = setInterval(run, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [core, logError, intervalMs]);
}
