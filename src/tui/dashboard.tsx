import { useMemo } from 'react';
import { useApp } from 'ink';
import type { Core } from '../core/index.ts';
import { DashboardProvider, POLL_INTERVAL_MS, type DashboardDeps } from './context.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { App, type QuitKind } from './app.tsx';
import { KeyboardProvider } from './keyboard.tsx';
import { createDataChanges } from './data-changes.ts';
import type { DemoCredentials } from './demo.ts';
import { LOCAL_FRONT, type DashboardFront } from './front.ts';
import { useExpiryReminders } from './hooks/use-expiry-reminders.ts';

export interface DashboardProps {
  readonly core: Core;
  readonly demo?: DemoCredentials | null;
  /** @default POLL_INTERVAL_MS (2000 ms) */
  readonly pollIntervalMs?: number;
  /** Where unexpected errors go; the user sees only a generic message. @default ignore */
  readonly logError?: (error: unknown, doing: string) => void;
  /** Told how the user left: `q`, or Ctrl+C (which a shell reports as status 130). */
  readonly onQuit?: (how: QuitKind) => void;
  /** Through which front end and from where. @default the local terminal */
  readonly front?: DashboardFront;
  /** Aborted when the terminal went away (an SSH client disconnected): the dashboard signs out and ends. */
  readonly hangUp?: AbortSignal;
}

const ignore = () => undefined;

/** The dashboard as one React element, with its dependencies: what startDashboard renders and tests mount. */
export function Dashboard({ core, demo = null, pollIntervalMs = POLL_INTERVAL_MS, logError = ignore, onQuit = ignore, front = LOCAL_FRONT, hangUp }: DashboardProps) {
  const changes = useMemo(createDataChanges, []);
  const deps = useMemo<DashboardDeps>(() => ({ core, pollIntervalMs, logError, changes, front }), [core, pollIntervalMs, logError, changes, front]);
  const { exit } = useApp();
  useExpiryReminders(core, logError);
  return (
    <DashboardProvider deps={deps}>
      <ErrorBoundary
        onCrash={(error) => {
          logError(error, 'rendering the dashboard');
          exit(error instanceof Error ? error : new Error(String(error)));
        }}
      >
        <KeyboardProvider>
          <App demo={demo} onQuit={onQuit} hangUp={hangUp} />
        </KeyboardProvider>
      </ErrorBoundary>
    </DashboardProvider>
  );
}
