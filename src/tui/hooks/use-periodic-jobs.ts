import { useEffect } from 'react';
import type { Core } from '../../core/index.ts';

/**
 * Holds the core's periodic jobs (token expiry reminders, membership reminders and ends) while
 * the dashboard is open, so they run even where no Slack app or server does (`npm start`). The
 * core runs them once per process however many dashboards hold them (an SSH server's sessions),
 * and each reminder is sent once across processes.
 */
export function usePeriodicJobs(core: Core, logError: (error: unknown, doing: string) => void): void {
  useEffect(() => {
    const release = core.periodic.hold({ onError: logError });
    return () => void release();
  }, [core, logError]);
}
