import { useMemo } from 'react';
import { useApp, useStdout } from 'ink';
import { terminalClipboard, type Clipboard } from './clipboard.ts';
import type { Core } from '../core/index.ts';
import { DashboardProvider, POLL_INTERVAL_MS, type DashboardDeps } from './context.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { App, type QuitKind } from './app.tsx';
import { KeyboardProvider } from './keyboard.tsx';
import { createDataChanges } from './data-changes.ts';
import type { DemoCredentials } from './demo.ts';
import { LOCAL_FRONT, type DashboardFront } from './front.ts';
import { usePeriodicJobs } from './hooks/use-periodic-jobs.ts';

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
  /** The terminal type (TERM; over SSH, the client's): whether OSC 52 copy is worth trying. @default process.env.TERM */
  readonly term?: string;
  /** Where `c` copies to. @default OSC 52 on the stream the dashboard draws on */
  readonly clipboard?: Clipboard;
  /** Draw links as OSC 8 hyperlinks (startDashboard decides from the terminal). @default false */
  readonly hyperlinks?: boolean;
  /** Ctrl+Z: suspends to the shell until `fg` (the local terminal only; see App). */
  readonly suspend?: () => Promise<void>;
}

const ignore = () => undefined;

/** The dashboard as one React element, with its dependencies: what startDashboard renders and tests mount. */
export function Dashboard({ core, demo = null, pollIntervalMs = POLL_INTERVAL_MS, logError = ignore, onQuit = ignore, front = LOCAL_FRONT, hangUp, term = process.env['TERM'], clipboard, hyperlinks = false, suspend }: DashboardProps) {
  const changes = useMemo(createDataChanges, []);
  const { stdout } = useStdout();
  // The stream Ink draws on: over SSH the session's channel, so a copy reaches the client's terminal.
  const copier = useMemo(() => clipboard ?? terminalClipboard((data) => stdout.write(data), term), [clipboard, stdout, term]);
  const deps = useMemo<DashboardDeps>(
    () => ({ core, pollIntervalMs, logError, changes, front, clipboard: copier, hyperlinks }),
    [core, pollIntervalMs, logError, changes, front, copier, hyperlinks],
  );
  const { exit } = useApp();
  usePeriodicJobs(core, logError);
  return (
    <DashboardProvider deps={deps}>
      <ErrorBoundary
        onCrash={(error) => {
          logError(error, 'rendering the dashboard');
          exit(error instanceof Error ? error : new Error(String(error)));
        }}
      >
        <KeyboardProvider>
          <App demo={demo} onQuit={onQuit} hangUp={hangUp} suspend={suspend} />
        </KeyboardProvider>
      </ErrorBoundary>
    </DashboardProvider>
  );
}
